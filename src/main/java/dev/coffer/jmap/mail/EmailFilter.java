package dev.coffer.jmap.mail;

import com.fasterxml.jackson.databind.JsonNode;
import dev.coffer.jmap.MethodError;
import dev.coffer.mailbox.MessageInfo;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * RFC 8621 §4.4.1 FilterCondition on what the server can see: mailboxes, dates, size,
 * keywords and the outer address fields. Conditions on text, subject, body or other
 * headers need the plaintext, which only the client has: they are {@code unsupportedFilter}.
 */
final class EmailFilter {

    private static final Set<String> CONDITIONS = Set.of("inMailbox", "inMailboxOtherThan",
            "before", "after", "minSize", "maxSize", "hasKeyword", "allInThreadHaveKeyword", "someInThreadHaveKeyword",
            "notKeyword", "noneInThreadHaveKeyword", "hasAttachment", "from", "to", "cc");

    private EmailFilter() {}

    /** Refuses a filter the server cannot evaluate before it looks at any Email. */
    static void check(JsonNode filter) throws MethodError {
        if (filter == null || filter.isNull() || filter.isMissingNode()) {
            return;
        }
        if (!filter.isObject()) {
            throw MethodError.invalidArguments("filter must be an object.");
        }
        if (filter.has("operator")) {
            for (JsonNode condition : filter.path("conditions")) {
                check(condition);
            }
            return;
        }
        for (String name : (Iterable<String>) filter::fieldNames) {
            if (!CONDITIONS.contains(name)) {
                throw new MethodError("unsupportedFilter", "The server cannot filter on " + name
                        + ": it does not see message text, which is encrypted.");
            }
        }
    }

    static boolean matches(JsonNode filter, List<MessageInfo> messages) throws MethodError {
        if (filter == null || filter.isNull() || filter.isMissingNode()) {
            return true;
        }
        if (!filter.isObject()) {
            throw MethodError.invalidArguments("filter must be an object.");
        }
        if (filter.has("operator")) {
            String operator = filter.path("operator").asText();
            boolean any = false;
            boolean all = true;
            for (JsonNode condition : filter.path("conditions")) {
                boolean match = matches(condition, messages);
                any |= match;
                all &= match;
            }
            return switch (operator) {
                case "AND" -> all;
                case "OR" -> any;
                case "NOT" -> !any;
                default -> throw new MethodError("unsupportedFilter", "Unknown operator " + operator + ".");
            };
        }
        MessageInfo first = messages.getFirst();
        for (Map.Entry<String, JsonNode> condition : filter.properties()) {
            JsonNode value = condition.getValue();
            boolean ok = switch (condition.getKey()) {
                case "inMailbox" -> messages.stream().anyMatch(m -> MailIds.mailbox(m.mailboxId()).equals(value.asText()));
                case "inMailboxOtherThan" -> messages.stream().anyMatch(m -> !contains(value, MailIds.mailbox(m.mailboxId())));
                case "before" -> EmailObjects.receivedAt(messages).isBefore(date(value));
                case "after" -> !EmailObjects.receivedAt(messages).isBefore(date(value));
                case "minSize" -> first.size() >= value.asLong();
                case "maxSize" -> first.size() < value.asLong();
                case "hasKeyword", "allInThreadHaveKeyword", "someInThreadHaveKeyword" ->
                        Keywords.of(first.flags()).contains(value.asText().toLowerCase(Locale.ROOT));
                case "notKeyword", "noneInThreadHaveKeyword" ->
                        !Keywords.of(first.flags()).contains(value.asText().toLowerCase(Locale.ROOT));
                case "hasAttachment" -> !value.asBoolean();
                case "from" -> containsText(first.headers().from(), value.asText());
                case "to" -> containsText(first.headers().to(), value.asText());
                case "cc" -> containsText(first.headers().cc(), value.asText());
                default -> throw new MethodError("unsupportedFilter", "The server cannot filter on "
                        + condition.getKey() + ": it does not see message text, which is encrypted.");
            };
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    private static boolean contains(JsonNode array, String id) {
        for (JsonNode item : array) {
            if (item.asText().equals(id)) {
                return true;
            }
        }
        return false;
    }

    private static boolean containsText(String field, String text) {
        return field != null && field.toLowerCase(Locale.ROOT).contains(text.toLowerCase(Locale.ROOT));
    }

    private static Instant date(JsonNode value) throws MethodError {
        try {
            return Instant.parse(value.asText());
        } catch (DateTimeParseException e) {
            throw MethodError.invalidArguments("Dates in a filter are UTCDate strings such as 2024-01-31T12:00:00Z.");
        }
    }
}
