package dev.coffer.jmap.mail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.coffer.jmap.JmapMethod;
import dev.coffer.jmap.MethodCall;
import dev.coffer.jmap.MethodError;
import dev.coffer.jmap.standard.Arguments;
import dev.coffer.mailbox.MailboxInfo;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/** RFC 8621 §2.1 Mailbox/get (RFC 8620 §5.1). */
final class MailboxGet implements JmapMethod {

    private final MailContext context;

    MailboxGet(MailContext context) {
        this.context = context;
    }

    @Override
    public String name() {
        return "Mailbox/get";
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
        Optional<List<String>> ids = Arguments.ids(arguments, "ids", context.limits().maxObjectsInGet(), call);
        Set<String> properties = Arguments.properties(arguments, MailboxObjects.PROPERTIES, MailboxObjects.PROPERTIES);
        ObjectNode response = JsonNodeFactory.instance.objectNode();
        response.put("accountId", call.accountId());
        response.put("state", state);
        ArrayNode list = response.putArray("list");
        ArrayNode notFound = response.putArray("notFound");
        if (ids.isEmpty()) {
            view.mailboxes().forEach(mailbox -> list.add(MailboxObjects.mailbox(mailbox, view, properties)));
            return response;
        }
        for (String id : ids.get()) {
            OptionalLong number = MailIds.mailbox(id);
            Optional<MailboxInfo> mailbox = number.isPresent() ? view.mailbox(number.getAsLong()) : Optional.empty();
            if (mailbox.isPresent()) {
                list.add(MailboxObjects.mailbox(mailbox.get(), view, properties));
            } else {
                notFound.add(id);
            }
        }
        return response;
    }
}
