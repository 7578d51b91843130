package dev.coffer.dns;

/** A DNS lookup that failed; {@code temporary} when retrying later may succeed (SERVFAIL, timeout). */
public final class DnsException extends Exception {

    private final boolean temporary;

    public DnsException(String message, boolean temporary) {
        super(message);
        this.temporary = temporary;
    }

    public boolean isTemporary() {
        return temporary;
    }
}
