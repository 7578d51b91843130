package dev.coffer.store;

import java.util.List;

/** Told after a commit that added messages (IMAP IDLE and JMAP push listen here). */
@FunctionalInterface
public interface MailboxListener {
    void appended(List<StoredMessage> messages);
}
