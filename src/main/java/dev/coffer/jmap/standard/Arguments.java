package dev.coffer.jmap.standard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.coffer.jmap.MethodError;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Reading the standard arguments of RFC 8620 §5 with a precise error for each wrong one. */
public final class Arguments {

    private Arguments() {}

    /** The {@code ids} of a /get: empty for "all" (null or absent), at most {@code max} of them (§5.1). */
    public static Optional<List<String>> ids(ObjectNode arguments, int max) throws MethodError {
        JsonNode ids = arguments.get("ids");
        if (ids == null || ids.isNull()) {
            return Optional.empty();
        }
        List<String> list = stringList(ids, "ids");
        if (list.size() > max) {
            throw MethodError.requestTooLarge("At most " + max + " ids in one call (maxObjectsInGet)");
        }
        return Optional.of(list);
    }

    /** The {@code properties} of a /get, or empty for all; an unknown one is an error (§5.1). */
    public static Optional<List<String>> properties(ObjectNode arguments, List<String> known) throws MethodError {
        JsonNode properties = arguments.get("properties");
        if (properties == null || properties.isNull()) {
            return Optional.empty();
        }
        List<String> list = stringList(properties, "properties");
        for (String property : list) {
            if (!known.contains(property)) {
                throw MethodError.invalidArguments("Unknown property " + property);
            }
        }
        return Optional.of(list);
    }

    /** An optional String argument; a value of another type is an error. */
    public static Optional<String> string(ObjectNode arguments, String name) throws MethodError {
        JsonNode value = arguments.get(name);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isTextual()) {
            throw MethodError.invalidArguments(name + " must be a String");
        }
        return Optional.of(value.asText());
    }

    /** An optional UnsignedInt argument greater than 0, as maxChanges (§5.2) and limit (§5.5). */
    public static Optional<Integer> positive(ObjectNode arguments, String name) throws MethodError {
        JsonNode value = arguments.get(name);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.canConvertToInt() || !value.isIntegralNumber() || value.asInt() < 1) {
            throw MethodError.invalidArguments(name + " must be a positive integer");
        }
        return Optional.of(value.asInt());
    }

    /** A map argument of /set ({@code create}, {@code update}), empty when absent. */
    public static Map<String, ObjectNode> objects(ObjectNode arguments, String name) throws MethodError {
        JsonNode value = arguments.get(name);
        Map<String, ObjectNode> objects = new LinkedHashMap<>();
        if (value == null || value.isNull()) {
            return objects;
        }
        if (!value.isObject()) {
            throw MethodError.invalidArguments(name + " must be an object");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            if (!entry.getValue().isObject()) {
                throw MethodError.invalidArguments(name + "/" + entry.getKey() + " must be an object");
            }
            objects.put(entry.getKey(), (ObjectNode) entry.getValue());
        }
        return objects;
    }

    /** A list argument of Strings ({@code destroy}), empty when absent. */
    public static List<String> strings(ObjectNode arguments, String name) throws MethodError {
        JsonNode value = arguments.get(name);
        if (value == null || value.isNull()) {
            return List.of();
        }
        return stringList(value, name);
    }

    /** RFC 8620 §5.3: create, update and destroy together may name at most {@code max} objects. */
    public static void checkSetSize(ObjectNode arguments, int max) throws MethodError {
        int count = 0;
        for (String name : List.of("create", "update", "destroy")) {
            JsonNode value = arguments.get(name);
            if (value != null && !value.isNull()) {
                count += value.size();
            }
        }
        if (count > max) {
            throw MethodError.requestTooLarge("At most " + max + " objects in one /set (maxObjectsInSet)");
        }
    }

    private static List<String> stringList(JsonNode value, String name) throws MethodError {
        if (!value.isArray()) {
            throw MethodError.invalidArguments(name + " must be an array of Strings");
        }
        List<String> list = new ArrayList<>();
        for (JsonNode element : value) {
            if (!element.isTextual()) {
                throw MethodError.invalidArguments(name + " must be an array of Strings");
            }
            list.add(element.asText());
        }
        return list;
    }
}
