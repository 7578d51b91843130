package dev.coffer.jmap.standard;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The response of a /get (RFC 8620 §5.1) from the objects the account has, by id. */
public final class GetResponse {

    private GetResponse() {}

    /**
     * @param all        every object of the account, by id, as full JSON
     * @param ids        the ids asked for, or empty for all
     * @param properties the properties asked for, or empty for all; {@code id} is always returned
     */
    public static ObjectNode of(String accountId, String state, Map<String, ObjectNode> all,
                                Optional<List<String>> ids, Optional<List<String>> properties) {
        ArrayNode list = Json.array();
        ArrayNode notFound = Json.array();
        // §5.1: an id asked for twice is returned once
        for (String id : ids.map(asked -> asked.stream().distinct().toList()).orElseGet(() -> List.copyOf(all.keySet()))) {
            ObjectNode object = all.get(id);
            if (object == null) {
                notFound.add(id);
            } else {
                list.add(properties.map(names -> select(object, names)).orElse(object));
            }
        }
        ObjectNode response = Json.object().put("accountId", accountId).put("state", state);
        response.set("list", list);
        response.set("notFound", notFound);
        return response;
    }

    private static ObjectNode select(ObjectNode object, List<String> names) {
        ObjectNode selected = Json.object();
        selected.set("id", object.get("id"));
        for (String name : names) {
            if (object.has(name)) {
                selected.set(name, object.get(name));
            }
        }
        return selected;
    }
}
