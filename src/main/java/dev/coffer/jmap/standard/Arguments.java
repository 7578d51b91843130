package dev.coffer.jmap.standard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.coffer.jmap.MethodCall;
import dev.coffer.jmap.MethodError;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Reading the standard arguments of RFC 8620 §5 with a precise error for each wrong one. */
public final class Arguments {

    private Arguments() {}

    /**
     * An id list argument ({@code ids} of a /get, §5.1): empty for "all" (null or absent), at most
     * {@code max} of them; {@code #creation} ids resolved (§5.3).
     */
    public static Optional<List<String>> ids(ObjectNode arguments, String name, int max, MethodCall call)
            throws MethodError {
        JsonNode node = arguments.get(name);
        if (node == null || node.isNull()) {
            return Optional.empty();
        }
        List<String> ids = stringArray(node, name);
        if (ids.size() > max) {
            throw MethodError.requestTooLarge("More than " + max + " ids in " + name + " (maxObjectsInGet).");
        }
        List<String> resolved = new ArrayList<>();
        for (String id : ids) {
            resolved.add(resolve(id, call));
        }
        return Optional.of(resolved);
    }

    /** RFC 8620 §5.3: {@code #name} stands for the id that creation id got earlier in the request. */
    public static String resolve(String id, MethodCall call) {
        return id.startsWith("#") ? call.createdId(id.substring(1)).orElse(id) : id;
    }

    /** The {@code properties} of a /get, or empty for all; an unknown one is an error (§5.1). */
    public static Optional<List<String>> properties(ObjectNode arguments, List<String> known) throws MethodError {
        JsonNode properties = arguments.get("properties");
        if (properties == null || properties.isNull()) {
            return Optional.empty();
        }
        List<String> list = stringArray(properties, "properties");
        for (String property : list) {
            if (!known.contains(property)) {
                throw MethodError.invalidArguments("Unknown property " + property);
            }
        }
        return Optional.of(list);
    }

    /**
     * The {@code properties} of a /get as a set: {@code defaults} when absent, else the requested ones
     * and {@code id}; an unknown one is an error (§5.1).
     */
    public static Set<String> properties(ObjectNode arguments, Set<String> known, Set<String> defaults)
            throws MethodError {
        JsonNode node = arguments.get("properties");
        if (node == null || node.isNull()) {
            return defaults;
        }
        Set<String> chosen = new LinkedHashSet<>(stringArray(node, "properties"));
        for (String property : chosen) {
            if (!known.contains(property)) {
                throw MethodError.invalidArguments("Unknown property " + property);
            }
        }
        chosen.add("id");
        return chosen;
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
        return stringArray(value, name);
    }

    /** An optional Int argument, {@code fallback} when absent. */
    public static long number(ObjectNode arguments, String name, long fallback) throws MethodError {
        JsonNode node = arguments.get(name);
        if (node == null || node.isNull()) {
            return fallback;
        }
        if (!node.isIntegralNumber()) {
            throw MethodError.invalidArguments(name + " must be an integer");
        }
        return node.asLong();
    }

    /** An optional Boolean argument, {@code fallback} when absent. */
    public static boolean bool(ObjectNode arguments, String name, boolean fallback) throws MethodError {
        JsonNode node = arguments.get(name);
        if (node == null || node.isNull()) {
            return fallback;
        }
        if (!node.isBoolean()) {
            throw MethodError.invalidArguments(name + " must be true or false");
        }
        return node.asBoolean();
    }

    /** An optional object argument. */
    public static Optional<ObjectNode> object(ObjectNode arguments, String name) throws MethodError {
        JsonNode node = arguments.get(name);
        if (node == null || node.isNull()) {
            return Optional.empty();
        }
        if (!node.isObject()) {
            throw MethodError.invalidArguments(name + " must be an object");
        }
        return Optional.of((ObjectNode) node);
    }

    /** An object argument of /set, or an empty object when absent. */
    public static ObjectNode objectOrEmpty(ObjectNode arguments, String name) throws MethodError {
        return object(arguments, name).orElseGet(JsonNodeFactory.instance::objectNode);
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

    /** A JSON array of Strings; anything else is an error naming the argument. */
    public static List<String> stringArray(JsonNode value, String name) throws MethodError {
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
