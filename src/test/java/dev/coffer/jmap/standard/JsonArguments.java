package dev.coffer.jmap.standard;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Method arguments written as JSON text with single quotes, for readable tests. */
public final class JsonArguments {

    private JsonArguments() {}

    public static ObjectNode of(String json) {
        try {
            return (ObjectNode) Json.MAPPER.readTree(json.replace('\'', '"'));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
