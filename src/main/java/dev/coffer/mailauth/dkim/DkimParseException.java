package dev.coffer.mailauth.dkim;

/**
 * A DKIM-Signature field, a key record or a tag-list that does not follow its grammar
 * (RFC 6376 §3.2, §3.5, §3.6.1). The message says which tag is wrong and why.
 */
public final class DkimParseException extends Exception {

    public DkimParseException(String message) {
        super(message);
    }

    public DkimParseException(String message, Throwable cause) {
        super(message, cause);
    }
}
