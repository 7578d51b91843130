package dev.coffer.jmap.identity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.coffer.jmap.standard.Json;
import dev.coffer.jmap.standard.SetError;
import dev.coffer.store.IdentityRow;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/** The Identity object of RFC 8621 §6 and the checks on what a client may set. */
final class IdentityJson {

    static final List<String> PROPERTIES = List.of("id", "name", "email", "replyTo", "bcc", "textSignature",
            "htmlSignature", "mayDelete");
    static final int MAX_NAME = 256;
    static final int MAX_SIGNATURE = 64 * 1024;
    static final int MAX_ADDRESSES = 50;

    private IdentityJson() {}

    static ObjectNode of(IdentityRow row) {
        ObjectNode identity = Json.object().put("id", Long.toString(row.id())).put("name", row.name())
                .put("email", row.email());
        identity.set("replyTo", Json.parse(row.replyTo()));
        identity.set("bcc", Json.parse(row.bcc()));
        identity.put("textSignature", row.textSignature()).put("htmlSignature", row.htmlSignature())
                .put("mayDelete", !row.standing());
        return identity;
    }

    /**
     * Applies the client's values to {@code base}: name, replyTo, bcc and the signatures may be set;
     * id, email and mayDelete only to the values they already have (RFC 8620 §5.3).
     */
    static IdentityRow apply(IdentityRow base, ObjectNode values) throws SetError {
        ObjectNode current = of(base);
        String name = base.name();
        String replyTo = base.replyTo();
        String bcc = base.bcc();
        String text = base.textSignature();
        String html = base.htmlSignature();
        for (Iterator<Map.Entry<String, JsonNode>> it = values.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            String property = entry.getKey();
            JsonNode value = entry.getValue();
            switch (property) {
                case "name" -> name = string(value, property, MAX_NAME);
                case "textSignature" -> text = string(value, property, MAX_SIGNATURE);
                case "htmlSignature" -> html = string(value, property, MAX_SIGNATURE);
                case "replyTo" -> replyTo = addresses(value, property);
                case "bcc" -> bcc = addresses(value, property);
                case "id", "email", "mayDelete" -> {
                    if (!value.equals(current.get(property))) {
                        throw SetError.invalidProperties(property + " cannot be set by the client", property);
                    }
                }
                default -> {
                    if (property.contains("/")) {
                        throw new SetError("invalidPatch", "Only whole properties of an Identity can be patched");
                    }
                    throw SetError.invalidProperties("Identity has no property " + property, property);
                }
            }
        }
        return new IdentityRow(base.id(), base.accountId(), base.email(), name, replyTo, bcc, text, html, base.standing());
    }

    private static String string(JsonNode value, String property, int max) throws SetError {
        if (!value.isTextual()) {
            throw SetError.invalidProperties(property + " must be a String", property);
        }
        if (value.asText().length() > max) {
            throw SetError.invalidProperties(property + " is longer than " + max + " characters", property);
        }
        return value.asText();
    }

    /** RFC 8621 §4.1.2.3: EmailAddress[]|null, each with a String email and a String|null name. */
    private static String addresses(JsonNode value, String property) throws SetError {
        if (value.isNull()) {
            return null;
        }
        if (!value.isArray() || value.size() > MAX_ADDRESSES) {
            throw SetError.invalidProperties(property + " must be null or at most " + MAX_ADDRESSES
                    + " EmailAddress objects", property);
        }
        for (JsonNode address : value) {
            JsonNode email = address.get("email");
            JsonNode name = address.get("name");
            boolean valid = address.isObject() && email != null && email.isTextual() && email.asText().contains("@")
                    && email.asText().length() <= 320 && (name == null || name.isNull() || name.isTextual())
                    && address.size() <= 2 && (address.size() == 1 || address.has("name"));
            if (!valid) {
                throw SetError.invalidProperties(property + " must hold objects {name, email} with an email address",
                        property);
            }
        }
        return Json.text(value);
    }
}
