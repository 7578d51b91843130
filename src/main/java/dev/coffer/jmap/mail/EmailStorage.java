package dev.coffer.jmap.mail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.coffer.jmap.MethodCall;
import dev.coffer.jmap.standard.Arguments;
import dev.coffer.mailbox.AppendResult;
import dev.coffer.mailbox.MailboxException;
import dev.coffer.mailbox.MessageInfo;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Stores a new Email's message, for Email/import and Email/set create: in each Mailbox of
 * {@code mailboxIds} with its {@code keywords} and {@code receivedAt}, through the mailbox service,
 * which encrypts it to the account's key. The plaintext stays in memory ({@link HeldMessages}) for
 * an EmailSubmission, never on disk.
 */
final class EmailStorage {

    private final MailContext context;

    EmailStorage(MailContext context) {
        this.context = context;
    }

    /** The created Email's {@code id}, {@code blobId}, {@code threadId} and {@code size}. */
    ObjectNode store(MethodCall call, String creationId, byte[] content, JsonNode request) throws EmailRefused {
        long accountId = call.account().id();
        MailView view = MailView.of(context.mailboxes(), accountId);
        List<Long> mailboxes = new ArrayList<>();
        for (String id : (Iterable<String>) () -> request.path("mailboxIds").fieldNames()) {
            OptionalLong mailbox = MailIds.mailbox(Arguments.resolve(id, call));
            if (mailbox.isEmpty() || view.mailbox(mailbox.getAsLong()).isEmpty()) {
                throw new EmailRefused("invalidProperties", "There is no Mailbox " + id + ".");
            }
            mailboxes.add(mailbox.getAsLong());
        }
        if (mailboxes.isEmpty()) {
            throw new EmailRefused("invalidProperties", "mailboxIds must name at least one Mailbox.");
        }
        Set<String> flags = new LinkedHashSet<>();
        for (String keyword : (Iterable<String>) () -> request.path("keywords").fieldNames()) {
            if (!Keywords.valid(keyword)) {
                throw new EmailRefused("invalidProperties", "The keyword " + keyword + " is not valid.");
            }
            flags.add(Keywords.flag(keyword));
        }
        if (content.length > context.mailboxes().appendLimit()) {
            throw new EmailRefused("tooLarge", "The message is larger than " + context.mailboxes().appendLimit()
                    + " octets.");
        }
        Instant receivedAt = receivedAt(request);
        try {
            long first = mailboxes.getFirst();
            AppendResult appended = context.mailboxes().append(call.account(), first, content, flags, receivedAt);
            MessageInfo stored = context.mailboxes().messages(first).stream()
                    .filter(message -> message.uid() == appended.uid()).findFirst()
                    .orElseThrow(() -> new EmailRefused("serverFail", "The new message vanished."));
            for (long other : mailboxes.subList(1, mailboxes.size())) {
                context.mailboxes().copy(first, List.of(stored.uid()), other);
            }
            String id = MailIds.email(stored.blobId());
            context.held().hold(accountId, id, content);
            call.created(creationId, id);
            ObjectNode email = JsonNodeFactory.instance.objectNode();
            email.put("id", id);
            email.put("blobId", MailIds.blob(stored.blobId()));
            email.put("threadId", MailIds.thread(stored.blobId()));
            email.put("size", stored.size());
            return email;
        } catch (MailboxException e) {
            throw new EmailRefused(switch (e.reason()) {
                case OVER_QUOTA -> "overQuota";
                case TOO_BIG -> "tooLarge";
                case NONEXISTENT -> "invalidProperties";
                default -> "invalidEmail";
            }, e.getMessage());
        }
    }

    private static Instant receivedAt(JsonNode request) throws EmailRefused {
        JsonNode node = request.path("receivedAt");
        if (!node.isTextual()) {
            return Instant.now();
        }
        try {
            return Instant.parse(node.asText());
        } catch (DateTimeParseException e) {
            throw new EmailRefused("invalidProperties", "receivedAt must be a UTCDate.");
        }
    }
}
