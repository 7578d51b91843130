package dev.coffer.jmap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * RFC 8620 §3.7: arguments whose name starts with {@code #} take their value from an earlier
 * response of the same request, chosen by {@code resultOf}, {@code name} and a JSON Pointer
 * {@code path} in which {@code *} maps over an array.
 */
final class ResultReferences {

    /** An earlier response: method name, arguments, call id. */
    record Response(String name, JsonNode arguments, String callId) {}

    private ResultReferences() {}

    static ObjectNode resolve(ObjectNode arguments, List<Response> earlier) throws MethodError {
        ObjectNode resolved = JsonNodeFactory.instance.objectNode();
        for (Iterator<Map.Entry<String, JsonNode>> fields = arguments.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            String key = field.getKey();
            if (!key.startsWith("#")) {
                resolved.set(key, field.getValue());
                continue;
            }
            String plain = key.substring(1);
            if (arguments.has(plain)) {
                throw MethodError.invalidArguments("The arguments have both " + plain + " and #" + plain + ".");
            }
            resolved.set(plain, value(field.getValue(), earlier));
        }
        return resolved;
    }

    private static JsonNode value(JsonNode reference, List<Response> earlier) throws MethodError {
        if (!reference.isObject() || !reference.path("resultOf").isTextual() || !reference.path("name").isTextual()
                || !reference.path("path").isTextual()) {
            throw invalid("A result reference needs resultOf, name and path as strings.");
        }
        String resultOf = reference.get("resultOf").asText();
        String name = reference.get("name").asText();
        Response source = null;
        for (Response response : earlier) {
            if (response.callId().equals(resultOf)) {
                source = response;
            }
        }
        if (source == null || !source.name().equals(name)) {
            throw invalid("No earlier " + name + " response has the call id " + resultOf + ".");
        }
        JsonNode value = evaluate(source.arguments(), reference.get("path").asText());
        if (value == null) {
            throw invalid("The path " + reference.get("path").asText() + " is not in the " + name + " response.");
        }
        return value;
    }

    /** RFC 6901 JSON Pointer with the §3.7 {@code *} extension; null when the path does not resolve. */
    static JsonNode evaluate(JsonNode root, String path) {
        if (path.isEmpty()) {
            return root;
        }
        if (!path.startsWith("/")) {
            return null;
        }
        List<String> tokens = new ArrayList<>();
        for (String token : path.substring(1).split("/", -1)) {
            tokens.add(token.replace("~1", "/").replace("~0", "~"));
        }
        return walk(root, tokens, 0);
    }

    private static JsonNode walk(JsonNode node, List<String> tokens, int index) {
        if (index == tokens.size()) {
            return node;
        }
        String token = tokens.get(index);
        if (node.isArray()) {
            if (token.equals("*")) {
                ArrayNode mapped = JsonNodeFactory.instance.arrayNode();
                for (JsonNode item : node) {
                    JsonNode value = walk(item, tokens, index + 1);
                    if (value == null) {
                        return null;
                    }
                    // §3.7: when the rest of the path yields arrays, they are flattened into one.
                    if (value.isArray()) {
                        mapped.addAll((ArrayNode) value);
                    } else {
                        mapped.add(value);
                    }
                }
                return mapped;
            }
            if (!token.matches("0|[1-9][0-9]{0,8}") || Integer.parseInt(token) >= node.size()) {
                return null;
            }
            return walk(node.get(Integer.parseInt(token)), tokens, index + 1);
        }
        if (node.isObject() && node.has(token)) {
            return walk(node.get(token), tokens, index + 1);
        }
        return null;
    }

    private static MethodError invalid(String description) {
        return new MethodError("invalidResultReference", description);
    }
}
