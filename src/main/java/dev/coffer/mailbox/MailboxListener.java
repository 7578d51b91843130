package dev.coffer.mailbox;

/** Told about committed changes to a mailbox, on the thread that committed them: return quickly. */
@FunctionalInterface
public interface MailboxListener {
    void changed(MailboxEvent event);
}
