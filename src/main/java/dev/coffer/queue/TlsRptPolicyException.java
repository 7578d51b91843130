package dev.coffer.queue;

/** A {@code _smtp._tls} TXT record that does not follow RFC 8460 §3; the domain gets no reports. */
public final class TlsRptPolicyException extends Exception {

    public TlsRptPolicyException(String message) {
        super(message);
    }
}
