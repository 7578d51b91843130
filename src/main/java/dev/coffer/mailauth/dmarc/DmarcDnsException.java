package dev.coffer.mailauth.dmarc;

/** A DMARC record could not be fetched for now (DNS timeout, SERVFAIL); trying later may succeed. */
public final class DmarcDnsException extends Exception {

    public DmarcDnsException(String message) {
        super(message);
    }

    public DmarcDnsException(String message, Throwable cause) {
        super(message, cause);
    }
}
