package dev.coffer.jmap.mail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.coffer.jmap.JmapMethod;
import dev.coffer.jmap.MethodCall;
import dev.coffer.jmap.MethodError;
import dev.coffer.jmap.standard.Arguments;
import dev.coffer.mailbox.MailboxException;
import dev.coffer.mailbox.MailboxInfo;
import dev.coffer.mailbox.MailboxNames;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * RFC 8621 §2.5 Mailbox/set: create (name, parentId, role, isSubscribed), rename or move by
 * name and parentId, subscribe, and destroy (with {@code onDestroyRemoveEmails}).
 */
final class MailboxSet implements JmapMethod {

    private final MailContext context;

    MailboxSet(MailContext context) {
        this.context = context;
    }

    @Override
    public String name() {
        return "Mailbox/set";
    }

    @Override
    public String capability() {
        return MailContext.MAIL;
    }

    @Override
    public JsonNode call(ObjectNode arguments, MethodCall call) throws MethodError {
        long accountId = call.account().id();
        String state = MailState.current(context.mailboxes(), accountId).mailboxState();
        SetAnswer.check(arguments, state, context.limits().maxObjectsInSet());
        SetAnswer answer = new SetAnswer(call, state);
        for (Map.Entry<String, JsonNode> create : Arguments.object(arguments, "create")
                .orElse(JsonNodeFactory.instance.objectNode()).properties()) {
            create(call, create.getKey(), create.getValue(), answer);
        }
        for (Map.Entry<String, JsonNode> update : Arguments.object(arguments, "update")
                .orElse(JsonNodeFactory.instance.objectNode()).properties()) {
            update(call, update.getKey(), update.getValue(), answer);
        }
        JsonNode destroy = arguments.path("destroy");
        boolean removeEmails = Arguments.bool(arguments, "onDestroyRemoveEmails", false);
        for (JsonNode id : destroy.isArray() ? destroy : JsonNodeFactory.instance.arrayNode()) {
            destroy(call, Arguments.resolve(id.asText(), call), removeEmails, answer);
        }
        context.changed(accountId);
        return answer.finish(() -> MailState.current(context.mailboxes(), accountId).mailboxState());
    }

    private void create(MethodCall call, String creationId, JsonNode object, SetAnswer answer) {
        long accountId = call.account().id();
        MailView view = MailView.of(context.mailboxes(), accountId);
        if (!object.path("name").isTextual() || object.path("name").asText().isEmpty()) {
            answer.notCreated(creationId, "invalidProperties", "A new Mailbox needs a name.");
            return;
        }
        Optional<String> imapName = imapName(view, object.path("name").asText(), object.path("parentId"), call);
        if (imapName.isEmpty()) {
            answer.notCreated(creationId, "invalidProperties", "The parentId names no Mailbox.");
            return;
        }
        String specialUse = object.path("role").isTextual() ? Roles.specialUse(object.path("role").asText()) : null;
        if (object.path("role").isTextual() && specialUse == null) {
            answer.notCreated(creationId, "invalidProperties", "Coffer cannot create a Mailbox with that role.");
            return;
        }
        try {
            MailboxInfo created = context.mailboxes().create(accountId, imapName.get(), specialUse);
            if (object.path("isSubscribed").asBoolean(false)) {
                context.mailboxes().setSubscribed(accountId, created.name(), true);
            }
            String id = MailIds.mailbox(created.id());
            call.created(creationId, id);
            ObjectNode result = JsonNodeFactory.instance.objectNode().put("id", id);
            MailboxObjects.COUNTS.forEach(count -> result.put(count, 0));
            answer.created(creationId, result);
        } catch (MailboxException e) {
            answer.notCreated(creationId, "invalidProperties", e.getMessage());
        }
    }

    private void update(MethodCall call, String rawId, JsonNode patch, SetAnswer answer) {
        long accountId = call.account().id();
        String id = Arguments.resolve(rawId, call);
        MailView view = MailView.of(context.mailboxes(), accountId);
        Optional<MailboxInfo> mailbox = find(view, id);
        if (mailbox.isEmpty()) {
            answer.notUpdated(rawId, "notFound", "There is no Mailbox " + id + ".");
            return;
        }
        for (String property : (Iterable<String>) () -> patch.fieldNames()) {
            if (!property.equals("name") && !property.equals("parentId") && !property.equals("isSubscribed")) {
                answer.notUpdated(rawId, "invalidProperties", "Coffer cannot change " + property + " of a Mailbox.");
                return;
            }
        }
        try {
            String name = mailbox.get().name();
            if (patch.has("name") || patch.has("parentId")) {
                String leaf = patch.has("name") ? patch.path("name").asText()
                        : MailboxObjects.mailbox(mailbox.get(), view, Set.of("name")).path("name").asText();
                JsonNode parent = patch.has("parentId") ? patch.get("parentId")
                        : MailboxObjects.mailbox(mailbox.get(), view, Set.of("parentId")).path("parentId");
                Optional<String> newName = imapName(view, leaf, parent, call);
                if (newName.isEmpty() || leaf.isEmpty()) {
                    answer.notUpdated(rawId, "invalidProperties", "The name or parentId is not valid.");
                    return;
                }
                if (!newName.get().equals(name)) {
                    context.mailboxes().rename(accountId, name, newName.get());
                    name = newName.get();
                }
            }
            if (patch.has("isSubscribed")) {
                context.mailboxes().setSubscribed(accountId, name, patch.path("isSubscribed").asBoolean());
            }
            answer.updated(rawId);
        } catch (MailboxException e) {
            answer.notUpdated(rawId, "invalidProperties", e.getMessage());
        }
    }

    private void destroy(MethodCall call, String id, boolean removeEmails, SetAnswer answer) {
        long accountId = call.account().id();
        MailView view = MailView.of(context.mailboxes(), accountId);
        Optional<MailboxInfo> mailbox = find(view, id);
        if (mailbox.isEmpty()) {
            answer.notDestroyed(id, "notFound", "There is no Mailbox " + id + ".");
            return;
        }
        String prefix = mailbox.get().name() + MailboxNames.DELIMITER;
        if (view.mailboxes().stream().anyMatch(m -> m.name().startsWith(prefix))) {
            answer.notDestroyed(id, "mailboxHasChild", "Destroy or move the child Mailboxes first.");
            return;
        }
        if (!removeEmails && !context.mailboxes().messages(mailbox.get().id()).isEmpty()) {
            answer.notDestroyed(id, "mailboxHasEmail", "The Mailbox has Emails; set onDestroyRemoveEmails to remove them.");
            return;
        }
        try {
            context.mailboxes().delete(accountId, mailbox.get().name());
            answer.destroyed(id);
        } catch (MailboxException e) {
            answer.notDestroyed(id, "forbidden", e.getMessage());
        }
    }

    private static Optional<MailboxInfo> find(MailView view, String id) {
        OptionalLong number = MailIds.mailbox(id);
        return number.isPresent() ? view.mailbox(number.getAsLong()) : Optional.empty();
    }

    /** The IMAP name of a Mailbox called {@code name} under {@code parentId} (null: top level). */
    private static Optional<String> imapName(MailView view, String name, JsonNode parentId, MethodCall call) {
        if (name.indexOf(MailboxNames.DELIMITER) >= 0) {
            return Optional.empty();
        }
        if (parentId == null || parentId.isNull() || parentId.isMissingNode()) {
            return Optional.of(name);
        }
        Optional<MailboxInfo> parent = find(view, Arguments.resolve(parentId.asText(), call));
        return parent.map(p -> p.name() + MailboxNames.DELIMITER + name);
    }
}
