package dev.coffer.jmap.mail;

import dev.coffer.mailbox.MailboxInfo;
import dev.coffer.mailbox.MailboxService;
import dev.coffer.mailbox.MessageInfo;
import dev.coffer.mailbox.SystemFlags;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An account's mailboxes and Emails as one method call sees them: the messages of every
 * mailbox, grouped into Emails by blob (one Email, one blob, one or more mailboxes).
 */
final class MailView {

    private final List<MailboxInfo> mailboxes;
    private final Map<Long, MailboxInfo> mailboxesById = new LinkedHashMap<>();
    private final Map<String, List<MessageInfo>> emails = new LinkedHashMap<>();
    private final Map<Long, Counts> counts = new LinkedHashMap<>();

    /** A mailbox's messages and those of them without {@code \Seen}. */
    record Counts(long total, long unread) {}

    private MailView(List<MailboxInfo> mailboxes, List<MessageInfo> messages) {
        this.mailboxes = mailboxes;
        mailboxes.forEach(mailbox -> mailboxesById.put(mailbox.id(), mailbox));
        for (MessageInfo message : messages) {
            emails.computeIfAbsent(message.blobId(), blob -> new ArrayList<>()).add(message);
            Counts before = counts.getOrDefault(message.mailboxId(), new Counts(0, 0));
            counts.put(message.mailboxId(), new Counts(before.total() + 1,
                    before.unread() + (message.flags().contains(SystemFlags.SEEN) ? 0 : 1)));
        }
    }

    static MailView of(MailboxService service, long accountId) {
        List<MailboxInfo> mailboxes = service.list(accountId);
        List<MessageInfo> messages = new ArrayList<>();
        for (MailboxInfo mailbox : mailboxes) {
            messages.addAll(service.messages(mailbox.id()));
        }
        return new MailView(mailboxes, messages);
    }

    List<MailboxInfo> mailboxes() {
        return mailboxes;
    }

    Optional<MailboxInfo> mailbox(long id) {
        return Optional.ofNullable(mailboxesById.get(id));
    }

    /** Store blob ids of all Emails. */
    Iterable<String> emailBlobs() {
        return emails.keySet();
    }

    /** The messages (one per mailbox) of the Email with this blob; empty when there is none. */
    List<MessageInfo> email(String blobId) {
        return emails.getOrDefault(blobId, List.of());
    }

    Counts counts(long mailboxId) {
        return counts.getOrDefault(mailboxId, new Counts(0, 0));
    }

    int emailCount() {
        return emails.size();
    }
}
