package dev.coffer.mail;

/** The message breaks a structural limit or cannot be parsed; the message says which. */
public final class MalformedMessageException extends Exception {

    public MalformedMessageException(String message) {
        super(message);
    }
}
