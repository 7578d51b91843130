package dev.coffer.dns;

/** An MTA-STS record or policy that is malformed, or a policy that could not be fetched. */
public final class MtaStsException extends Exception {

    public MtaStsException(String message) {
        super(message);
    }

    public MtaStsException(String message, Throwable cause) {
        super(message, cause);
    }
}
