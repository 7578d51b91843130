package dev.coffer.jmap.submission;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.coffer.jmap.JmapMethod;
import dev.coffer.jmap.MethodCall;
import dev.coffer.jmap.MethodError;
import dev.coffer.jmap.standard.Json;
import dev.coffer.store.ObjectChangeStore;
import dev.coffer.store.SubmissionRow;
import dev.coffer.store.SubmissionStore;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * EmailSubmission/query (RFC 8621 §7.3, RFC 8620 §5.5): filters identityIds, emailIds, threadIds,
 * undoStatus, before, after (and AND/OR/NOT of them); sorts by emailId, threadId, sentAt.
 */
public final class EmailSubmissionQuery implements JmapMethod {

    public static final int MAX_LIMIT = 500;

    private final SubmissionStore store;
    private final ObjectChangeStore changes;

    public EmailSubmissionQuery(SubmissionStore store, ObjectChangeStore changes) {
        this.store = store;
        this.changes = changes;
    }

    @Override
    public String name() {
        return "EmailSubmission/query";
    }

    @Override
    public String capability() {
        return SubmissionCapability.URI;
    }

    @Override
    public JsonNode call(ObjectNode arguments, MethodCall call) throws MethodError {
        Predicate<SubmissionRow> filter = filter(arguments.get("filter"), 0);
        Comparator<SubmissionRow> order = order(arguments.get("sort"));
        List<String> ids = store.list(call.account().id()).stream().filter(filter).sorted(order)
                .map(row -> Long.toString(row.id())).toList();
        int limit = Math.min(integer(arguments, "limit", MAX_LIMIT), MAX_LIMIT);
        if (limit < 0) {
            throw MethodError.invalidArguments("limit must not be negative");
        }
        int position = position(arguments, ids);
        List<String> page = ids.subList(position, Math.min(ids.size(), position + limit));
        ObjectNode response = Json.object().put("accountId", call.accountId())
                .put("queryState", Long.toString(changes.state(call.account().id(), SubmissionStore.TYPE)))
                .put("canCalculateChanges", false).put("position", position);
        response.set("ids", Json.strings(page));
        if (arguments.path("calculateTotal").asBoolean(false)) {
            response.put("total", ids.size());
        }
        if (arguments.has("limit") && integer(arguments, "limit", MAX_LIMIT) > MAX_LIMIT) {
            response.put("limit", MAX_LIMIT);
        }
        return response;
    }

    /** RFC 8620 §5.5: an anchor (with its offset) wins over position; a negative position counts from the end. */
    private static int position(ObjectNode arguments, List<String> ids) throws MethodError {
        JsonNode anchor = arguments.get("anchor");
        if (anchor != null && !anchor.isNull()) {
            int index = ids.indexOf(anchor.asText());
            if (index < 0) {
                throw new MethodError("anchorNotFound", "The anchor is not in the results");
            }
            return Math.max(0, Math.min(ids.size(), index + integer(arguments, "anchorOffset", 0)));
        }
        int position = integer(arguments, "position", 0);
        if (position < 0) {
            position = Math.max(0, ids.size() + position);
        }
        return Math.min(position, ids.size());
    }

    private static int integer(ObjectNode arguments, String name, int fallback) throws MethodError {
        JsonNode value = arguments.get(name);
        if (value == null || value.isNull()) {
            return fallback;
        }
        if (!value.isIntegralNumber() || !value.canConvertToInt()) {
            throw MethodError.invalidArguments(name + " must be an integer");
        }
        return value.asInt();
    }

    private static Predicate<SubmissionRow> filter(JsonNode filter, int depth) throws MethodError {
        if (filter == null || filter.isNull()) {
            return row -> true;
        }
        if (!filter.isObject() || depth > 10) {
            throw new MethodError("unsupportedFilter", "A filter is an object, nested at most 10 deep");
        }
        if (filter.has("operator")) {
            List<Predicate<SubmissionRow>> parts = new ArrayList<>();
            for (JsonNode condition : filter.path("conditions")) {
                parts.add(filter(condition, depth + 1));
            }
            return switch (filter.get("operator").asText()) {
                case "AND" -> row -> parts.stream().allMatch(part -> part.test(row));
                case "OR" -> row -> parts.stream().anyMatch(part -> part.test(row));
                case "NOT" -> row -> parts.stream().noneMatch(part -> part.test(row));
                default -> throw new MethodError("unsupportedFilter", "operator must be AND, OR or NOT");
            };
        }
        Predicate<SubmissionRow> all = row -> true;
        for (Iterator<Map.Entry<String, JsonNode>> it = filter.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> condition = it.next();
            JsonNode value = condition.getValue();
            Predicate<SubmissionRow> one = switch (condition.getKey()) {
                case "identityIds" -> row -> contains(value, row.identityId());
                case "emailIds" -> row -> contains(value, row.emailId());
                case "threadIds" -> row -> contains(value, row.threadId());
                case "undoStatus" -> row -> row.undoStatus().equals(value.asText());
                case "before" -> {
                    Instant before = date(value);
                    yield row -> row.sendAt().isBefore(before);
                }
                case "after" -> {
                    Instant after = date(value);
                    yield row -> !row.sendAt().isBefore(after);
                }
                default -> throw new MethodError("unsupportedFilter", "Cannot filter on " + condition.getKey());
            };
            all = all.and(one);
        }
        return all;
    }

    private static boolean contains(JsonNode values, String id) {
        for (JsonNode value : values) {
            if (value.asText().equals(id)) {
                return true;
            }
        }
        return false;
    }

    private static Instant date(JsonNode value) throws MethodError {
        try {
            return Instant.parse(value.asText());
        } catch (DateTimeParseException e) {
            throw MethodError.invalidArguments("Not a UTCDate: " + value.asText());
        }
    }

    private static Comparator<SubmissionRow> order(JsonNode sort) throws MethodError {
        Comparator<SubmissionRow> order = Comparator.comparing(SubmissionRow::sendAt);
        if (sort == null || sort.isNull()) {
            return order.thenComparing(SubmissionRow::id);
        }
        Comparator<SubmissionRow> chain = null;
        for (JsonNode comparator : sort) {
            Comparator<SubmissionRow> one = switch (comparator.path("property").asText()) {
                case "emailId" -> Comparator.comparing(SubmissionRow::emailId);
                case "threadId" -> Comparator.comparing(row -> String.valueOf(row.threadId()));
                case "sentAt" -> Comparator.comparing(SubmissionRow::sendAt);
                default -> throw new MethodError("unsupportedSort", "Cannot sort on " + comparator.path("property").asText());
            };
            if (!comparator.path("isAscending").asBoolean(true)) {
                one = one.reversed();
            }
            chain = chain == null ? one : chain.thenComparing(one);
        }
        return chain == null ? order : chain.thenComparing(SubmissionRow::id);
    }
}
