package dev.coffer.jmap.mail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.coffer.jmap.JmapMethod;
import dev.coffer.jmap.MethodCall;
import dev.coffer.jmap.MethodError;
import dev.coffer.jmap.standard.Arguments;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * RFC 8621 §2.2 Mailbox/changes: the old state lists each mailbox with its MODSEQ, next UID and
 * properties, so created, updated and destroyed mailboxes follow from comparing it with now.
 */
final class MailboxChanges implements JmapMethod {

    private final MailContext context;

    MailboxChanges(MailContext context) {
        this.context = context;
    }

    @Override
    public String name() {
        return "Mailbox/changes";
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
        MailState old = MailState.parse(since).filter(s -> since.startsWith("m")).orElseThrow(() ->
                MethodError.cannotCalculateChanges("The state " + since + " is not a Mailbox state of this server."));
        MailState now = MailState.current(context.mailboxes(), call.account().id());
        List<String> created = new ArrayList<>();
        List<String> updated = new ArrayList<>();
        List<String> destroyed = new ArrayList<>();
        boolean onlyCounts = true;
        for (Map.Entry<Long, MailState.Entry> entry : now.mailboxes().entrySet()) {
            MailState.Entry before = old.mailboxes().get(entry.getKey());
            if (before == null) {
                created.add(MailIds.mailbox(entry.getKey()));
            } else if (!before.equals(entry.getValue())) {
                updated.add(MailIds.mailbox(entry.getKey()));
                onlyCounts &= before.properties() == entry.getValue().properties();
            }
        }
        for (Long id : old.mailboxes().keySet()) {
            if (!now.mailboxes().containsKey(id)) {
                destroyed.add(MailIds.mailbox(id));
            }
        }
        ObjectNode response = ChangesAnswer.of(call, since, now.mailboxState(), created, updated, destroyed,
                maxChanges);
        // RFC 8621 §2.2: when only the counts moved, the client may fetch just those.
        if (onlyCounts && !updated.isEmpty()) {
            MailboxObjects.COUNTS.forEach(response.putArray("updatedProperties")::add);
        } else {
            response.putNull("updatedProperties");
        }
        return response;
    }
}
