package dev.coffer.jmap.mail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.coffer.jmap.JmapMethod;
import dev.coffer.jmap.MethodCall;
import dev.coffer.jmap.MethodError;
import dev.coffer.jmap.standard.Arguments;
import dev.coffer.mailbox.MessageInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * RFC 8621 §4.2 Email/get with the metadata the server holds (see {@link EmailObjects}).
 * {@code bodyProperties}, {@code fetchTextBodyValues} and friends change nothing: there is no
 * body text on the server to fetch.
 */
final class EmailGet implements JmapMethod {

    private final MailContext context;

    EmailGet(MailContext context) {
        this.context = context;
    }

    @Override
    public String name() {
        return "Email/get";
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
        int max = context.limits().maxObjectsInGet();
        Optional<List<String>> requested = Arguments.ids(arguments, "ids", max, call);
        Set<String> properties = Arguments.properties(arguments, EmailObjects.PROPERTIES, EmailObjects.DEFAULTS);
        List<String> ids = new ArrayList<>();
        if (requested.isPresent()) {
            ids.addAll(requested.get());
        } else {
            if (view.emailCount() > max) {
                throw MethodError.requestTooLarge("The account has more than maxObjectsInGet (" + max
                        + ") Emails; ask for them by id.");
            }
            view.emailBlobs().forEach(blob -> ids.add(MailIds.email(blob)));
        }
        ObjectNode response = JsonNodeFactory.instance.objectNode();
        response.put("accountId", call.accountId());
        response.put("state", state);
        ArrayNode list = response.putArray("list");
        ArrayNode notFound = response.putArray("notFound");
        for (String id : ids) {
            Optional<String> blob = MailIds.storeBlob(id, 'E');
            List<MessageInfo> messages = blob.map(view::email).orElse(List.of());
            if (messages.isEmpty()) {
                notFound.add(id);
            } else {
                list.add(EmailObjects.email(blob.get(), messages, properties));
            }
        }
        return response;
    }
}
