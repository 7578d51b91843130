package dev.coffer.jmap.mail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.coffer.jmap.JmapMethod;
import dev.coffer.jmap.MethodCall;
import dev.coffer.jmap.MethodError;
import dev.coffer.mailbox.MessageInfo;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * RFC 8621 §4.4 Email/query over the metadata the server holds ({@link EmailFilter}); sorts by
 * receivedAt (the default, newest first), sentAt, size, from, to or hasKeyword. Each Email is
 * its own Thread, so {@code collapseThreads} changes nothing.
 */
final class EmailQuery implements JmapMethod {

    static final List<String> SORTS = List.of("receivedAt", "sentAt", "size", "from", "to", "hasKeyword");

    private final MailContext context;

    EmailQuery(MailContext context) {
        this.context = context;
    }

    @Override
    public String name() {
        return "Email/query";
    }

    @Override
    public String capability() {
        return MailContext.MAIL;
    }

    @Override
    public JsonNode call(ObjectNode arguments, MethodCall call) throws MethodError {
        long accountId = call.account().id();
        String state = MailState.current(context.mailboxes(), accountId).emailState();
        MailView view = MailView.of(context.mailboxes(), accountId);
        EmailFilter.check(arguments.get("filter"));
        List<String> matching = new ArrayList<>();
        for (String blob : view.emailBlobs()) {
            if (EmailFilter.matches(arguments.get("filter"), view.email(blob))) {
                matching.add(blob);
            }
        }
        matching.sort(comparator(arguments.path("sort"), view));
        return QueryWindow.answer(arguments, call, state, matching.stream().map(MailIds::email).toList());
    }

    private static Comparator<String> comparator(JsonNode sort, MailView view) throws MethodError {
        Comparator<String> newestFirst = Comparator.comparing((String blob) ->
                EmailObjects.receivedAt(view.email(blob))).reversed();
        if (!sort.isArray() || sort.isEmpty()) {
            return newestFirst.thenComparing(Comparator.naturalOrder());
        }
        Comparator<String> chosen = null;
        for (JsonNode comparator : sort) {
            String property = comparator.path("property").asText();
            Comparator<String> one = switch (property) {
                case "receivedAt" -> Comparator.comparing((String blob) -> EmailObjects.receivedAt(view.email(blob)));
                case "size" -> Comparator.comparingLong((String blob) -> view.email(blob).getFirst().size());
                case "sentAt" -> Comparator.comparing((String blob) ->
                        String.valueOf(HeaderValues.date(view.email(blob).getFirst().headers().date())));
                case "from" -> Comparator.comparing((String blob) -> lower(view.email(blob).getFirst().headers().from()));
                case "to" -> Comparator.comparing((String blob) -> lower(view.email(blob).getFirst().headers().to()));
                case "hasKeyword" -> {
                    String keyword = comparator.path("keyword").asText().toLowerCase(Locale.ROOT);
                    yield Comparator.comparing((String blob) ->
                            Keywords.of(view.email(blob).getFirst().flags()).contains(keyword));
                }
                default -> throw new MethodError("unsupportedSort", "Email/query cannot sort by " + property
                        + "; it can by " + String.join(", ", SORTS) + ".");
            };
            if (!comparator.path("isAscending").asBoolean(true)) {
                one = one.reversed();
            }
            chosen = chosen == null ? one : chosen.thenComparing(one);
        }
        return chosen.thenComparing(Comparator.naturalOrder());
    }

    private static String lower(String text) {
        return text == null ? "" : text.toLowerCase(Locale.ROOT);
    }
}
