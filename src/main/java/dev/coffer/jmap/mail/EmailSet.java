package dev.coffer.jmap.mail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.coffer.jmap.JmapMethod;
import dev.coffer.jmap.MethodCall;
import dev.coffer.jmap.MethodError;
import dev.coffer.jmap.standard.Arguments;
import dev.coffer.mailbox.FlagOperation;
import dev.coffer.mailbox.MailboxException;
import dev.coffer.mailbox.MailboxService;
import dev.coffer.mailbox.MessageInfo;
import dev.coffer.mailbox.SystemFlags;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * RFC 8621 §4.6 Email/set: keywords become IMAP flags on every copy of the Email, mailboxIds
 * changes become IMAP COPY, MOVE and EXPUNGE, destroy expunges every copy. Create builds the
 * message from its JSON ({@link EmailComposer}) and stores it like Email/import: encrypted to the
 * account's key, the plaintext held only in memory for an EmailSubmission.
 */
final class EmailSet implements JmapMethod {

    private final MailContext context;

    EmailSet(MailContext context) {
        this.context = context;
    }

    @Override
    public String name() {
        return "Email/set";
    }

    @Override
    public String capability() {
        return MailContext.MAIL;
    }

    @Override
    public JsonNode call(ObjectNode arguments, MethodCall call) throws MethodError {
        long accountId = call.account().id();
        String state = MailState.current(context.mailboxes(), accountId).emailState();
        SetAnswer.check(arguments, state, context.limits().maxObjectsInSet());
        SetAnswer answer = new SetAnswer(call, state);
        EmailComposer composer = new EmailComposer(blobId -> context.uploads().get(accountId, blobId));
        EmailStorage storage = new EmailStorage(context);
        for (Map.Entry<String, JsonNode> create : Arguments.objectOrEmpty(arguments, "create").properties()) {
            try {
                byte[] message = composer.compose(create.getValue());
                answer.created(create.getKey(), storage.store(call, create.getKey(), message, create.getValue()));
            } catch (EmailRefused e) {
                answer.notCreated(create.getKey(), e.type(), e.getMessage());
            }
        }
        // One view for the whole call: an update or destroy changes only its own Email's messages.
        MailView view = MailView.of(context.mailboxes(), accountId);
        for (Map.Entry<String, JsonNode> update : Arguments.objectOrEmpty(arguments, "update").properties()) {
            String id = Arguments.resolve(update.getKey(), call);
            List<MessageInfo> messages = MailIds.storeBlob(id, 'E').map(view::email).orElse(List.of());
            if (messages.isEmpty()) {
                answer.notUpdated(update.getKey(), "notFound", "There is no Email " + id + ".");
                continue;
            }
            if (!update.getValue().isObject()) {
                answer.notUpdated(update.getKey(), "invalidPatch", "An update is a PatchObject.");
                continue;
            }
            try {
                Optional<String> problem = update(messages, (ObjectNode) update.getValue(), view);
                if (problem.isPresent()) {
                    answer.notUpdated(update.getKey(), "invalidProperties", problem.get());
                } else {
                    answer.updated(update.getKey());
                }
            } catch (MailboxException e) {
                answer.notUpdated(update.getKey(), "notFound", e.getMessage());
            }
        }
        JsonNode destroy = arguments.path("destroy");
        for (JsonNode raw : destroy.isArray() ? destroy : JsonNodeFactory.instance.arrayNode()) {
            String id = Arguments.resolve(raw.asText(), call);
            List<MessageInfo> messages = MailIds.storeBlob(id, 'E').map(view::email).orElse(List.of());
            if (messages.isEmpty()) {
                answer.notDestroyed(raw.asText(), "notFound", "There is no Email " + id + ".");
                continue;
            }
            try {
                for (MessageInfo message : messages) {
                    remove(context.mailboxes(), message);
                }
                answer.destroyed(raw.asText());
            } catch (MailboxException e) {
                answer.notDestroyed(raw.asText(), "notFound", e.getMessage());
            }
        }
        context.changed(accountId);
        return answer.finish(() -> MailState.current(context.mailboxes(), accountId).emailState());
    }

    /** Applies a patch; a problem with the patch comes back as text, before anything changed. */
    private Optional<String> update(List<MessageInfo> messages, ObjectNode patch, MailView view)
            throws MailboxException {
        Set<String> keywords = new LinkedHashSet<>(Keywords.of(messages.getFirst().flags()));
        Set<Long> mailboxes = new LinkedHashSet<>();
        messages.forEach(message -> mailboxes.add(message.mailboxId()));
        boolean keywordsChanged = false;
        for (Map.Entry<String, JsonNode> entry : patch.properties()) {
            String path = entry.getKey();
            JsonNode value = entry.getValue();
            if (path.equals("keywords")) {
                if (!value.isObject()) {
                    return Optional.of("keywords must be an object of keyword to true.");
                }
                keywords.clear();
                for (String keyword : (Iterable<String>) value::fieldNames) {
                    keywords.add(keyword.toLowerCase(Locale.ROOT));
                }
                keywordsChanged = true;
            } else if (path.startsWith("keywords/")) {
                String keyword = path.substring("keywords/".length()).toLowerCase(Locale.ROOT);
                if (value.asBoolean(false)) {
                    keywords.add(keyword);
                } else {
                    keywords.remove(keyword);
                }
                keywordsChanged = true;
            } else if (path.equals("mailboxIds")) {
                if (!value.isObject()) {
                    return Optional.of("mailboxIds must be an object of Mailbox id to true.");
                }
                mailboxes.clear();
                for (String id : (Iterable<String>) value::fieldNames) {
                    OptionalLong mailbox = MailIds.mailbox(id);
                    if (mailbox.isEmpty() || view.mailbox(mailbox.getAsLong()).isEmpty()) {
                        return Optional.of("There is no Mailbox " + id + ".");
                    }
                    mailboxes.add(mailbox.getAsLong());
                }
            } else if (path.startsWith("mailboxIds/")) {
                String id = path.substring("mailboxIds/".length());
                OptionalLong mailbox = MailIds.mailbox(id);
                if (mailbox.isEmpty() || view.mailbox(mailbox.getAsLong()).isEmpty()) {
                    return Optional.of("There is no Mailbox " + id + ".");
                }
                if (value.asBoolean(false)) {
                    mailboxes.add(mailbox.getAsLong());
                } else {
                    mailboxes.remove(mailbox.getAsLong());
                }
            } else {
                return Optional.of("Coffer cannot change " + path + " of an Email; only keywords and mailboxIds.");
            }
        }
        for (String keyword : keywords) {
            if (!Keywords.valid(keyword)) {
                return Optional.of("The keyword " + keyword + " has characters RFC 8621 §4.1.1 does not allow.");
            }
        }
        if (mailboxes.isEmpty()) {
            return Optional.of("An Email must be in at least one Mailbox.");
        }
        if (keywordsChanged) {
            setKeywords(messages, keywords);
        }
        moveTo(messages, mailboxes);
        return Optional.empty();
    }

    private void setKeywords(List<MessageInfo> messages, Set<String> keywords) throws MailboxException {
        Set<String> flags = new LinkedHashSet<>();
        keywords.forEach(keyword -> flags.add(Keywords.flag(keyword)));
        for (MessageInfo message : messages) {
            Set<String> wanted = new LinkedHashSet<>(flags);
            if (message.flags().contains(SystemFlags.DELETED)) {
                wanted.add(SystemFlags.DELETED);
            }
            context.mailboxes().storeFlags(message.mailboxId(), List.of(message.uid()), FlagOperation.REPLACE,
                    wanted, OptionalLong.empty());
        }
    }

    /** Copies into the new mailboxes, expunges from the old ones; a single change is an atomic MOVE. */
    private void moveTo(List<MessageInfo> messages, Set<Long> target) throws MailboxException {
        Map<Long, MessageInfo> current = new LinkedHashMap<>();
        messages.forEach(message -> current.put(message.mailboxId(), message));
        List<Long> added = new ArrayList<>(target);
        added.removeAll(current.keySet());
        List<MessageInfo> removed = new ArrayList<>(current.values());
        removed.removeIf(message -> target.contains(message.mailboxId()));
        if (added.size() == 1 && removed.size() == 1) {
            MessageInfo source = removed.getFirst();
            context.mailboxes().move(source.mailboxId(), List.of(source.uid()), added.getFirst());
            return;
        }
        MessageInfo source = messages.getFirst();
        for (long mailbox : added) {
            context.mailboxes().copy(source.mailboxId(), List.of(source.uid()), mailbox);
        }
        for (MessageInfo message : removed) {
            remove(context.mailboxes(), message);
        }
    }

    /** Expunges one copy: flagged {@code \Deleted}, then UID EXPUNGE of just that message. */
    static void remove(MailboxService mailboxes, MessageInfo message) throws MailboxException {
        mailboxes.storeFlags(message.mailboxId(), List.of(message.uid()), FlagOperation.ADD,
                Set.of(SystemFlags.DELETED), OptionalLong.empty());
        mailboxes.expunge(message.mailboxId(), Optional.of(List.of(message.uid())));
    }
}
