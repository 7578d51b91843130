package dev.coffer.jmap.mail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.coffer.jmap.JmapMethod;
import dev.coffer.jmap.MethodCall;
import dev.coffer.jmap.MethodError;
import dev.coffer.jmap.standard.Arguments;
import java.util.List;
import java.util.Optional;

/** RFC 8621 §3.1 Thread/get: each Email is its own Thread (see {@link MailIds}). */
final class ThreadGet implements JmapMethod {

    private final MailContext context;

    ThreadGet(MailContext context) {
        this.context = context;
    }

    @Override
    public String name() {
        return "Thread/get";
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
        List<String> ids = Arguments.ids(arguments, "ids", context.limits().maxObjectsInGet(), call)
                .orElseThrow(() -> MethodError.invalidArguments("Thread/get needs ids."));
        ObjectNode response = JsonNodeFactory.instance.objectNode();
        response.put("accountId", call.accountId());
        response.put("state", state);
        ArrayNode list = response.putArray("list");
        ArrayNode notFound = response.putArray("notFound");
        for (String id : ids) {
            Optional<String> blob = MailIds.storeBlob(id, 'T');
            if (blob.isPresent() && !view.email(blob.get()).isEmpty()) {
                ObjectNode thread = list.addObject();
                thread.put("id", id);
                thread.putArray("emailIds").add(MailIds.email(blob.get()));
            } else {
                notFound.add(id);
            }
        }
        return response;
    }
}
