package dev.coffer.jmap.mail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.coffer.jmap.JmapMethod;
import dev.coffer.jmap.MethodCall;
import dev.coffer.jmap.MethodError;
import dev.coffer.mailbox.MailboxInfo;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/** RFC 8621 §2.3 Mailbox/query: filter on parentId, name, role, hasAnyRole, isSubscribed; sort by name or sortOrder. */
final class MailboxQuery implements JmapMethod {

    private final MailContext context;

    MailboxQuery(MailContext context) {
        this.context = context;
    }

    @Override
    public String name() {
        return "Mailbox/query";
    }

    @Override
    public String capability() {
        return MailContext.MAIL;
    }

    @Override
    public JsonNode call(ObjectNode arguments, MethodCall call) throws MethodError {
        long accountId = call.account().id();
        String state = MailState.current(context.mailboxes(), accountId).mailboxState();
        MailView view = MailView.of(context.mailboxes(), accountId);
        JsonNode filter = arguments.path("filter");
        List<MailboxInfo> matching = new ArrayList<>();
        for (MailboxInfo mailbox : view.mailboxes()) {
            if (filter.isMissingNode() || filter.isNull() || matches(mailbox, view, filter)) {
                matching.add(mailbox);
            }
        }
        matching.sort(comparator(arguments.path("sort"), view));
        return QueryWindow.answer(arguments, call, state,
                matching.stream().map(mailbox -> MailIds.mailbox(mailbox.id())).toList());
    }

    private boolean matches(MailboxInfo mailbox, MailView view, JsonNode filter) throws MethodError {
        if (!filter.isObject()) {
            throw MethodError.invalidArguments("filter must be an object.");
        }
        if (filter.has("operator")) {
            String operator = filter.path("operator").asText();
            List<Boolean> results = new ArrayList<>();
            for (JsonNode condition : filter.path("conditions")) {
                results.add(matches(mailbox, view, condition));
            }
            return switch (operator) {
                case "AND" -> !results.contains(false);
                case "OR" -> results.contains(true);
                case "NOT" -> !results.contains(true);
                default -> throw new MethodError("unsupportedFilter", "Unknown operator " + operator + ".");
            };
        }
        ObjectNode mailboxNode = MailboxObjects.mailbox(mailbox, view, MailboxObjects.PROPERTIES);
        for (Map.Entry<String, JsonNode> condition : filter.properties()) {
            JsonNode value = condition.getValue();
            boolean ok = switch (condition.getKey()) {
                case "parentId" -> Objects.equals(mailboxNode.path("parentId").textValue(), value.textValue());
                case "name" -> mailboxNode.path("name").asText().toLowerCase(Locale.ROOT)
                        .contains(value.asText().toLowerCase(Locale.ROOT));
                case "role" -> Objects.equals(mailboxNode.path("role").textValue(), value.textValue());
                case "hasAnyRole" -> mailboxNode.path("role").isTextual() == value.asBoolean();
                case "isSubscribed" -> mailbox.subscribed() == value.asBoolean();
                default -> throw new MethodError("unsupportedFilter", "Mailbox/query cannot filter on "
                        + condition.getKey() + ".");
            };
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    private static Comparator<MailboxInfo> comparator(JsonNode sort, MailView view) throws MethodError {
        Comparator<MailboxInfo> order = Comparator.comparing(mailbox -> !mailbox.name().equals("INBOX"));
        order = order.thenComparing(MailboxInfo::name);
        if (!sort.isArray() || sort.isEmpty()) {
            return order;
        }
        Comparator<MailboxInfo> chosen = null;
        for (JsonNode comparator : sort) {
            String property = comparator.path("property").asText();
            Comparator<MailboxInfo> one = switch (property) {
                case "name" -> Comparator.comparing((MailboxInfo m) ->
                        MailboxObjects.mailbox(m, view, Set.of("name")).path("name").asText());
                case "sortOrder" -> Comparator.comparing((MailboxInfo m) -> !m.name().equals("INBOX"));
                default -> throw new MethodError("unsupportedSort", "Mailbox/query cannot sort by " + property + ".");
            };
            if (!comparator.path("isAscending").asBoolean(true)) {
                one = one.reversed();
            }
            chosen = chosen == null ? one : chosen.thenComparing(one);
        }
        return chosen.thenComparing(order);
    }
}
