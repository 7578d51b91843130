package dev.coffer.jmap.mail;

import dev.coffer.jmap.JmapBlobs;
import dev.coffer.mailbox.MailboxException;
import dev.coffer.mailbox.MailboxService;
import dev.coffer.mailbox.MessageInfo;
import dev.coffer.store.Account;
import java.util.List;
import java.util.Optional;

/** An Email's blob for download (RFC 8620 §6.2): the stored bytes, PGP/MIME ciphertext the client decrypts. */
final class EmailBlobs implements JmapBlobs {

    private final MailboxService mailboxes;

    EmailBlobs(MailboxService mailboxes) {
        this.mailboxes = mailboxes;
    }

    @Override
    public Optional<Blob> read(Account account, String blobId) {
        Optional<String> blob = MailIds.storeBlob(blobId, 'B');
        if (blob.isEmpty()) {
            return Optional.empty();
        }
        List<MessageInfo> messages = MailView.of(mailboxes, account.id()).email(blob.get());
        if (messages.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new Blob(mailboxes.content(messages.getFirst()), "message/rfc822"));
        } catch (MailboxException e) {
            return Optional.empty();
        }
    }
}
