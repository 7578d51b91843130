package dev.coffer.jmap.vacation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.coffer.jmap.standard.Json;
import dev.coffer.jmap.standard.SetError;
import dev.coffer.store.VacationResponseRow;
import dev.coffer.store.VacationResponseStore;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/** The VacationResponse object of RFC 8621 §8 and the checks on what a client sets. */
final class VacationJson {

    static final List<String> PROPERTIES = List.of("id", "isEnabled", "fromDate", "toDate", "subject", "textBody",
            "htmlBody");
    /** RFC 5322 §2.1.1: a header line holds at most 998 characters. */
    static final int MAX_SUBJECT = 998;
    static final int MAX_BODY = 64 * 1024;

    private VacationJson() {}

    static ObjectNode of(VacationResponseRow row) {
        ObjectNode response = Json.object().put("id", VacationResponseStore.SINGLETON).put("isEnabled", row.enabled());
        response.put("fromDate", row.fromDate() == null ? null : row.fromDate().toString());
        response.put("toDate", row.toDate() == null ? null : row.toDate().toString());
        response.put("subject", row.subject()).put("textBody", row.textBody()).put("htmlBody", row.htmlBody());
        return response;
    }

    static VacationResponseRow apply(VacationResponseRow base, ObjectNode patch) throws SetError {
        boolean enabled = base.enabled();
        Instant from = base.fromDate();
        Instant to = base.toDate();
        String subject = base.subject();
        String text = base.textBody();
        String html = base.htmlBody();
        for (Iterator<Map.Entry<String, JsonNode>> it = patch.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            String property = entry.getKey();
            JsonNode value = entry.getValue();
            switch (property) {
                case "isEnabled" -> {
                    if (!value.isBoolean()) {
                        throw SetError.invalidProperties("isEnabled must be true or false", property);
                    }
                    enabled = value.asBoolean();
                }
                case "fromDate" -> from = date(value, property);
                case "toDate" -> to = date(value, property);
                case "subject" -> subject = text(value, property, MAX_SUBJECT);
                case "textBody" -> text = text(value, property, MAX_BODY);
                case "htmlBody" -> html = text(value, property, MAX_BODY);
                case "id" -> {
                    if (!VacationResponseStore.SINGLETON.equals(value.asText(null))) {
                        throw SetError.invalidProperties("id is always singleton", property);
                    }
                }
                default -> throw SetError.invalidProperties("VacationResponse has no property " + property, property);
            }
        }
        if (subject != null && (subject.contains("\r") || subject.contains("\n"))) {
            throw SetError.invalidProperties("subject must be one line", "subject");
        }
        if (from != null && to != null && !to.isAfter(from)) {
            throw SetError.invalidProperties("toDate must be after fromDate", "fromDate", "toDate");
        }
        return new VacationResponseRow(base.accountId(), enabled, from, to, subject, text, html);
    }

    /** RFC 8620 §1.4: a UTCDate is an RFC 3339 date-time in UTC, written with "Z". */
    private static Instant date(JsonNode value, String property) throws SetError {
        if (value.isNull()) {
            return null;
        }
        if (!value.isTextual() || !value.asText().endsWith("Z")) {
            throw SetError.invalidProperties(property + " must be a UTCDate such as 2026-12-24T00:00:00Z, or null",
                    property);
        }
        try {
            return Instant.parse(value.asText());
        } catch (DateTimeParseException e) {
            throw SetError.invalidProperties(property + " is not a UTCDate: " + value.asText(), property);
        }
    }

    private static String text(JsonNode value, String property, int max) throws SetError {
        if (value.isNull()) {
            return null;
        }
        if (!value.isTextual() || value.asText().length() > max) {
            throw SetError.invalidProperties(property + " must be a String of at most " + max + " characters, or null",
                    property);
        }
        return value.asText();
    }
}
