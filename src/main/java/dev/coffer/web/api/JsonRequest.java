package dev.coffer.web.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.coffer.crypto.KdfParams;
import dev.coffer.web.Problem;
import io.javalin.http.Context;
import java.util.Base64;
import java.util.Map;

/** The JSON object of a request body, read field by field with errors that name the field. */
final class JsonRequest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final JsonNode body;

    private JsonRequest(JsonNode body) {
        this.body = body;
    }

    static JsonRequest of(Context ctx) {
        String contentType = ctx.contentType() == null ? "" : ctx.contentType();
        if (!contentType.startsWith("application/json")) {
            throw new ApiException(Problem.typed("unsupported-media-type", 415,
                    "Send the request body as application/json.", Map.of()));
        }
        try {
            JsonNode body = JSON.readTree(ctx.body());
            if (body == null || !body.isObject()) {
                throw new ApiException(new Problem(400, "The request body must be a JSON object."));
            }
            return new JsonRequest(body);
        } catch (JsonProcessingException e) {
            throw new ApiException(new Problem(400, "The request body is not valid JSON."));
        }
    }

    String text(String field) {
        JsonNode value = body.get(field);
        if (value == null || !value.isTextual() || value.asText().isBlank()) {
            throw ApiException.badField(field, "'" + field + "' must be a non-empty string.");
        }
        return value.asText();
    }

    /** A string field that may be absent or null. */
    String optionalText(String field) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw ApiException.badField(field, "'" + field + "' must be a string.");
        }
        return value.asText();
    }

    byte[] base64(String field, int length) {
        try {
            byte[] bytes = Base64.getDecoder().decode(text(field));
            if (bytes.length != length) {
                throw ApiException.badField(field, "'" + field + "' must be " + length + " bytes, base64-encoded.");
            }
            return bytes;
        } catch (IllegalArgumentException e) {
            throw ApiException.badField(field, "'" + field + "' must be base64 (RFC 4648 §4).");
        }
    }

    /** A nested object or value, as JSON text (WebAuthn responses are passed on as they came). */
    String json(String field) {
        JsonNode value = body.get(field);
        if (value == null || !value.isObject()) {
            throw ApiException.badField(field, "'" + field + "' must be a JSON object.");
        }
        return value.toString();
    }

    /** The Argon2id parameters in the form prelogin gives them: {"alg": "argon2id", "m", "t", "p"}. */
    KdfParams kdf(String field) {
        JsonNode value = body.get(field);
        if (value == null || !value.isObject() || !"argon2id".equals(value.path("alg").asText())
                || !value.path("m").isInt() || !value.path("t").isInt() || !value.path("p").isInt()) {
            throw ApiException.badField(field, "'" + field + "' must be {\"alg\": \"argon2id\", \"m\", \"t\", \"p\"}.");
        }
        try {
            return new KdfParams(value.get("m").asInt(), value.get("t").asInt(), value.get("p").asInt());
        } catch (IllegalArgumentException e) {
            throw ApiException.badField(field, e.getMessage());
        }
    }

    /** A nested object, read with the same field-naming errors. */
    JsonRequest object(String field) {
        JsonNode value = body.get(field);
        if (value == null || !value.isObject()) {
            throw ApiException.badField(field, "'" + field + "' must be a JSON object.");
        }
        return new JsonRequest(value);
    }

    int integer(String field, int min, int max) {
        JsonNode value = body.get(field);
        if (value == null || !value.isInt() || value.asInt() < min || value.asInt() > max) {
            throw ApiException.badField(field, "'" + field + "' must be a whole number from " + min + " to " + max + ".");
        }
        return value.asInt();
    }

    boolean has(String field) {
        JsonNode value = body.get(field);
        return value != null && !value.isNull();
    }
}
