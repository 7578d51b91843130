package dev.coffer.mailauth.dkim;

/**
 * A key record could not be fetched for now (DNS timeout, SERVFAIL): RFC 6376 §6.1.2 says
 * to return TEMPFAIL, so the result is a temperror and the message may be retried later.
 */
public final class DkimKeyLookupException extends Exception {

    public DkimKeyLookupException(String message) {
        super(message);
    }

    public DkimKeyLookupException(String message, Throwable cause) {
        super(message, cause);
    }
}
