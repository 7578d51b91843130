package dev.coffer.mailauth.dmarc;

/** A DMARC record that does not follow RFC 7489 §6.4; §6.6.3 says to apply no policy then. */
public final class DmarcRecordException extends Exception {

    public DmarcRecordException(String message) {
        super(message);
    }
}
