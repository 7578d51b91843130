package dev.coffer.mailbox;

/** A mailbox operation that cannot be done; {@link #reason()} tells protocols which response to give. */
public final class MailboxException extends Exception {

    /** Why: IMAP maps these to RFC 5530 response codes. */
    public enum Reason {
        NONEXISTENT,
        ALREADY_EXISTS,
        CANNOT,
        OVER_QUOTA,
        TOO_BIG,
        SERVER_BUG
    }

    private final Reason reason;

    public MailboxException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
