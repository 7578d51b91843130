package dev.coffer.jmap.mail;

import dev.coffer.jmap.MethodError;
import dev.coffer.mailbox.MailboxService;
import dev.coffer.mailbox.MessageInfo;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The Emails created, updated and destroyed between two mail states (RFC 8620 §5.2), found
 * from the store's MODSEQs: messages changed since the old MODSEQ of each mailbox, and the
 * blob ids of those expunged since. An Email is created when each of its messages is new
 * (its UID at or above the old next UID) and none was expunged; destroyed when no message
 * with its blob is left; updated otherwise (flags, or mailboxes by copy, move or expunge).
 */
record EmailDelta(Set<String> created, Set<String> updated, Set<String> destroyed) {

    static EmailDelta between(MailState old, MailboxService service, long accountId) throws MethodError {
        MailView view = MailView.of(service, accountId);
        MailState now = MailState.current(service, accountId);
        for (Long id : old.mailboxes().keySet()) {
            if (!now.mailboxes().containsKey(id)) {
                throw MethodError.cannotCalculateChanges("A mailbox was deleted since that state; fetch the Emails again.");
            }
        }
        Set<String> touched = new LinkedHashSet<>();
        Set<String> expunged = new LinkedHashSet<>();
        for (Map.Entry<Long, MailState.Entry> entry : now.mailboxes().entrySet()) {
            MailState.Entry before = old.mailboxes().get(entry.getKey());
            if (before == null) {
                service.messages(entry.getKey()).forEach(message -> touched.add(message.blobId()));
                continue;
            }
            if (before.modseq() == entry.getValue().modseq()) {
                continue;
            }
            service.changedSince(entry.getKey(), before.modseq()).forEach(message -> touched.add(message.blobId()));
            Optional<List<String>> gone = service.expungedBlobIdsSince(entry.getKey(), before.modseq());
            if (gone.isEmpty()) {
                throw MethodError.cannotCalculateChanges("That state is older than the server's change records.");
            }
            expunged.addAll(gone.get());
        }
        Set<String> created = new LinkedHashSet<>();
        Set<String> updated = new LinkedHashSet<>();
        Set<String> destroyed = new LinkedHashSet<>();
        Set<String> all = new LinkedHashSet<>(touched);
        all.addAll(expunged);
        for (String blob : all) {
            List<MessageInfo> messages = view.email(blob);
            if (messages.isEmpty()) {
                destroyed.add(blob);
            } else if (!expunged.contains(blob) && messages.stream().allMatch(message -> isNew(message, old))) {
                created.add(blob);
            } else {
                updated.add(blob);
            }
        }
        return new EmailDelta(created, updated, destroyed);
    }

    private static boolean isNew(MessageInfo message, MailState old) {
        MailState.Entry before = old.mailboxes().get(message.mailboxId());
        return before == null || message.uid() >= before.uidNext();
    }
}
