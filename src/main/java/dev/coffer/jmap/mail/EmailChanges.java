package dev.coffer.jmap.mail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.coffer.jmap.JmapMethod;
import dev.coffer.jmap.MethodCall;
import dev.coffer.jmap.MethodError;
import dev.coffer.jmap.standard.Arguments;
import java.util.function.Function;

/** RFC 8621 §4.3 Email/changes and §3.2 Thread/changes (each Email is its own Thread). */
final class EmailChanges implements JmapMethod {

    private final MailContext context;
    private final String type;
    private final Function<String, String> id;

    private EmailChanges(MailContext context, String type, Function<String, String> id) {
        this.context = context;
        this.type = type;
        this.id = id;
    }

    static EmailChanges emails(MailContext context) {
        return new EmailChanges(context, "Email", MailIds::email);
    }

    static EmailChanges threads(MailContext context) {
        return new EmailChanges(context, "Thread", MailIds::thread);
    }

    @Override
    public String name() {
        return type + "/changes";
    }

    @Override
    public String capability() {
        return MailContext.MAIL;
    }

    @Override
    public JsonNode call(ObjectNode arguments, MethodCall call) throws MethodError {
        String since = Arguments.string(arguments, "sinceState")
                .orElseThrow(() -> MethodError.invalidArguments("sinceState is required."));
        long maxChanges = ChangesAnswer.maxChanges(arguments);
        long accountId = call.account().id();
        String newState = MailState.current(context.mailboxes(), accountId).emailState();
        MailState old = MailState.parse(since).filter(s -> since.startsWith("e")).orElseThrow(() ->
                MethodError.cannotCalculateChanges("The state " + since + " is not an " + type + " state of this server."));
        EmailDelta delta = EmailDelta.between(old, context.mailboxes(), accountId);
        return ChangesAnswer.of(call, since, newState, delta.created().stream().map(id).toList(),
                delta.updated().stream().map(id).toList(), delta.destroyed().stream().map(id).toList(), maxChanges);
    }
}
