package dev.coffer.jmap.submission;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.coffer.jmap.standard.Json;
import dev.coffer.jmap.standard.SetError;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The SMTP envelope of an EmailSubmission (RFC 8621 §7): MAIL FROM and RCPT TO addresses, each
 * with its SMTP parameters (RFC 5321 §4.1.2 esmtp-keyword → value or null).
 */
record SubmissionEnvelope(Address mailFrom, List<Address> rcptTo) {

    /** The MAIL FROM parameters Coffer acts on; others are refused rather than silently dropped. */
    static final Set<String> MAIL_PARAMETERS = Set.of("REQUIRETLS", "SMTPUTF8", "BODY");

    record Address(String email, Map<String, String> parameters) {}

    SubmissionEnvelope {
        rcptTo = List.copyOf(rcptTo);
    }

    boolean requireTls() {
        return mailFrom.parameters().containsKey("REQUIRETLS");
    }

    boolean smtpUtf8() {
        return mailFrom.parameters().containsKey("SMTPUTF8");
    }

    String body() {
        return mailFrom.parameters().getOrDefault("BODY", "7BIT");
    }

    List<String> recipients() {
        return rcptTo.stream().map(Address::email).toList();
    }

    ObjectNode toJson() {
        ObjectNode envelope = Json.object();
        envelope.set("mailFrom", address(mailFrom));
        ArrayNode rcpt = Json.array();
        rcptTo.forEach(address -> rcpt.add(address(address)));
        envelope.set("rcptTo", rcpt);
        return envelope;
    }

    static SubmissionEnvelope fromJson(JsonNode envelope) throws SetError {
        if (!envelope.isObject() || !envelope.has("mailFrom") || !envelope.path("rcptTo").isArray()) {
            throw SetError.invalidProperties("envelope must have mailFrom and rcptTo", "envelope");
        }
        Address mailFrom = addressOf(envelope.get("mailFrom"));
        for (String keyword : mailFrom.parameters().keySet()) {
            if (!MAIL_PARAMETERS.contains(keyword)) {
                throw SetError.invalidProperties("The MAIL FROM parameter " + keyword + " is not supported", "envelope");
            }
        }
        List<Address> rcptTo = new ArrayList<>();
        for (JsonNode address : envelope.get("rcptTo")) {
            Address rcpt = addressOf(address);
            if (!rcpt.parameters().isEmpty()) {
                throw SetError.invalidProperties("RCPT TO parameters are not supported", "envelope");
            }
            rcptTo.add(rcpt);
        }
        return new SubmissionEnvelope(mailFrom, rcptTo);
    }

    private static ObjectNode address(Address address) {
        ObjectNode json = Json.object().put("email", address.email());
        if (address.parameters().isEmpty()) {
            json.putNull("parameters");
        } else {
            ObjectNode parameters = Json.object();
            address.parameters().forEach(parameters::put);
            json.set("parameters", parameters);
        }
        return json;
    }

    private static Address addressOf(JsonNode json) throws SetError {
        JsonNode email = json.get("email");
        if (!json.isObject() || email == null || !email.isTextual()) {
            throw SetError.invalidProperties("Each envelope address needs an email", "envelope");
        }
        Map<String, String> parameters = new LinkedHashMap<>();
        JsonNode given = json.get("parameters");
        if (given != null && !given.isNull()) {
            if (!given.isObject()) {
                throw SetError.invalidProperties("parameters must be an object or null", "envelope");
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = given.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> parameter = it.next();
                if (!parameter.getValue().isNull() && !parameter.getValue().isTextual()) {
                    throw SetError.invalidProperties("parameter values must be Strings or null", "envelope");
                }
                parameters.put(parameter.getKey().toUpperCase(Locale.ROOT), parameter.getValue().asText(null));
            }
        }
        return new Address(email.asText().strip(), parameters);
    }
}
