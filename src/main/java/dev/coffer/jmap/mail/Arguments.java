package dev.coffer.jmap.mail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.coffer.jmap.MethodCall;
import dev.coffer.jmap.MethodError;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Reading the standard arguments of RFC 8620 §5 with the precise error when one is wrong. */
final class Arguments {

    private Arguments() {}

    /** {@code ids}: null (all) or an array of id strings, at most {@code max}; {@code #creation} ids resolved. */
    static Optional<List<String>> ids(ObjectNode arguments, String name, int max, MethodCall call) throws MethodError {
        JsonNode node = arguments.get(name);
        if (node == null || node.isNull()) {
            return Optional.empty();
        }
        List<String> ids = strings(node, name);
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
    static String resolve(String id, MethodCall call) {
        return id.startsWith("#") ? call.createdId(id.substring(1)).orElse(id) : id;
    }

    static List<String> strings(JsonNode node, String name) throws MethodError {
        if (!node.isArray()) {
            throw MethodError.invalidArguments(name + " must be an array of strings.");
        }
        List<String> values = new ArrayList<>();
        for (JsonNode value : node) {
            if (!value.isTextual()) {
                throw MethodError.invalidArguments(name + " must be an array of strings.");
            }
            values.add(value.asText());
        }
        return values;
    }

    /** {@code properties}: the requested ones, all {@code known} by default; unknown ones are invalid. */
    static Set<String> properties(ObjectNode arguments, Set<String> known, Set<String> defaults) throws MethodError {
        JsonNode node = arguments.get("properties");
        if (node == null || node.isNull()) {
            return defaults;
        }
        Set<String> chosen = new LinkedHashSet<>(strings(node, "properties"));
        for (String property : chosen) {
            if (!known.contains(property)) {
                throw MethodError.invalidArguments("Unknown property " + property + ".");
            }
        }
        chosen.add("id");
        return chosen;
    }

    static Optional<String> text(ObjectNode arguments, String name) throws MethodError {
        JsonNode node = arguments.get(name);
        if (node == null || node.isNull()) {
            return Optional.empty();
        }
        if (!node.isTextual()) {
            throw MethodError.invalidArguments(name + " must be a string.");
        }
        return Optional.of(node.asText());
    }

    static long number(ObjectNode arguments, String name, long fallback) throws MethodError {
        JsonNode node = arguments.get(name);
        if (node == null || node.isNull()) {
            return fallback;
        }
        if (!node.isIntegralNumber()) {
            throw MethodError.invalidArguments(name + " must be an integer.");
        }
        return node.asLong();
    }

    static boolean bool(ObjectNode arguments, String name, boolean fallback) throws MethodError {
        JsonNode node = arguments.get(name);
        if (node == null || node.isNull()) {
            return fallback;
        }
        if (!node.isBoolean()) {
            throw MethodError.invalidArguments(name + " must be true or false.");
        }
        return node.asBoolean();
    }

    /** A {@code /set} argument: null or an object. */
    static Optional<ObjectNode> object(ObjectNode arguments, String name) throws MethodError {
        JsonNode node = arguments.get(name);
        if (node == null || node.isNull()) {
            return Optional.empty();
        }
        if (!node.isObject()) {
            throw MethodError.invalidArguments(name + " must be an object.");
        }
        return Optional.of((ObjectNode) node);
    }

    /** A {@code /set} map argument, or an empty object when absent. */
    static ObjectNode objectOrEmpty(ObjectNode arguments, String name) throws MethodError {
        return object(arguments, name).orElseGet(JsonNodeFactory.instance::objectNode);
    }
}
