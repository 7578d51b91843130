package dev.coffer.mailauth.spf;

/**
 * A DNS lookup failed for now (timeout, SERVFAIL): RFC 7208 §2.6.6 makes the result a temperror,
 * so the sender may retry later. "No such name" and "no records" are not failures: {@link SpfDns}
 * returns an empty list for them.
 */
public final class SpfDnsException extends Exception {

    public SpfDnsException(String message) {
        super(message);
    }

    public SpfDnsException(String message, Throwable cause) {
        super(message, cause);
    }
}
