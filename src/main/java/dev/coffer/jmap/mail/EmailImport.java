package dev.coffer.jmap.mail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.coffer.jmap.JmapMethod;
import dev.coffer.jmap.MethodCall;
import dev.coffer.jmap.MethodError;
import dev.coffer.jmap.Uploads;
import dev.coffer.jmap.standard.Arguments;
import dev.coffer.mailbox.AppendResult;
import dev.coffer.mailbox.MailboxException;
import dev.coffer.mailbox.MessageInfo;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;

/**
 * RFC 8621 §4.8 Email/import: an uploaded message is stored through the mailbox service,
 * which encrypts it to the account's key (or keeps it when it already is PGP/MIME). The
 * uploaded bytes stay in memory for a while ({@link HeldMessages}) so an EmailSubmission can
 * send them.
 */
final class EmailImport implements JmapMethod {

    private final MailContext context;

    EmailImport(MailContext context) {
        this.context = context;
    }

    @Override
    public String name() {
        return "Email/import";
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
        ObjectNode emails = Arguments.object(arguments, "emails")
                .orElseThrow(() -> MethodError.invalidArguments("emails is required."));
        if (emails.size() > context.limits().maxObjectsInSet()) {
            throw MethodError.requestTooLarge("More than " + context.limits().maxObjectsInSet()
                    + " Emails in one Email/import (maxObjectsInSet).");
        }
        ObjectNode response = JsonNodeFactory.instance.objectNode();
        response.put("accountId", call.accountId());
        response.put("oldState", state);
        ObjectNode created = response.putObject("created");
        ObjectNode notCreated = response.putObject("notCreated");
        for (Map.Entry<String, JsonNode> entry : emails.properties()) {
            try {
                created.set(entry.getKey(), importOne(call, entry.getKey(), entry.getValue()));
            } catch (ImportRefused e) {
                notCreated.set(entry.getKey(), SetAnswer.error(e.type, e.getMessage()));
            }
        }
        context.changed(accountId);
        response.put("newState", MailState.current(context.mailboxes(), accountId).emailState());
        return response;
    }

    private ObjectNode importOne(MethodCall call, String creationId, JsonNode request) throws ImportRefused {
        long accountId = call.account().id();
        if (!request.path("blobId").isTextual()) {
            throw new ImportRefused("invalidProperties", "blobId is required.");
        }
        String blobId = Arguments.resolve(request.get("blobId").asText(), call);
        Uploads.Upload upload = context.uploads().get(accountId, blobId).orElseThrow(() ->
                new ImportRefused("blobNotFound", "There is no uploaded blob " + blobId + " (uploads last an hour)."));
        MailView view = MailView.of(context.mailboxes(), accountId);
        List<Long> mailboxes = new ArrayList<>();
        for (String id : (Iterable<String>) () -> request.path("mailboxIds").fieldNames()) {
            OptionalLong mailbox = MailIds.mailbox(Arguments.resolve(id, call));
            if (mailbox.isEmpty() || view.mailbox(mailbox.getAsLong()).isEmpty()) {
                throw new ImportRefused("invalidProperties", "There is no Mailbox " + id + ".");
            }
            mailboxes.add(mailbox.getAsLong());
        }
        if (mailboxes.isEmpty()) {
            throw new ImportRefused("invalidProperties", "mailboxIds must name at least one Mailbox.");
        }
        Set<String> flags = new LinkedHashSet<>();
        for (String keyword : (Iterable<String>) () -> request.path("keywords").fieldNames()) {
            if (!Keywords.valid(keyword)) {
                throw new ImportRefused("invalidProperties", "The keyword " + keyword + " is not valid.");
            }
            flags.add(Keywords.flag(keyword));
        }
        if (upload.content().length > context.mailboxes().appendLimit()) {
            throw new ImportRefused("tooLarge", "The message is larger than " + context.mailboxes().appendLimit()
                    + " octets.");
        }
        Instant receivedAt = receivedAt(request);
        try {
            long first = mailboxes.getFirst();
            AppendResult appended = context.mailboxes().append(call.account(), first, upload.content(), flags,
                    receivedAt);
            MessageInfo stored = context.mailboxes().messages(first).stream()
                    .filter(message -> message.uid() == appended.uid()).findFirst()
                    .orElseThrow(() -> new ImportRefused("serverFail", "The imported message vanished."));
            for (long other : mailboxes.subList(1, mailboxes.size())) {
                context.mailboxes().copy(first, List.of(stored.uid()), other);
            }
            String id = MailIds.email(stored.blobId());
            context.held().hold(accountId, id, upload.content());
            call.created(creationId, id);
            ObjectNode email = JsonNodeFactory.instance.objectNode();
            email.put("id", id);
            email.put("blobId", MailIds.blob(stored.blobId()));
            email.put("threadId", MailIds.thread(stored.blobId()));
            email.put("size", stored.size());
            return email;
        } catch (MailboxException e) {
            throw new ImportRefused(switch (e.reason()) {
                case OVER_QUOTA -> "overQuota";
                case TOO_BIG -> "tooLarge";
                case NONEXISTENT -> "invalidProperties";
                default -> "invalidEmail";
            }, e.getMessage());
        }
    }

    private static Instant receivedAt(JsonNode request) throws ImportRefused {
        JsonNode node = request.path("receivedAt");
        if (!node.isTextual()) {
            return Instant.now();
        }
        try {
            return Instant.parse(node.asText());
        } catch (DateTimeParseException e) {
            throw new ImportRefused("invalidProperties", "receivedAt must be a UTCDate.");
        }
    }

    /** One import that did not happen, with its SetError type. */
    private static final class ImportRefused extends Exception {
        final String type;

        ImportRefused(String type, String description) {
            super(description, null, false, false);
            this.type = type;
        }
    }
}
