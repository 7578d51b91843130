package dev.coffer.managesieve;

/** A command line that does not follow the grammar of RFC 5804 §4; {@code fatal} when the session must end. */
final class ManageSieveSyntaxException extends Exception {

    private final boolean fatal;

    ManageSieveSyntaxException(String message, boolean fatal) {
        super(message);
        this.fatal = fatal;
    }

    boolean fatal() {
        return fatal;
    }
}
