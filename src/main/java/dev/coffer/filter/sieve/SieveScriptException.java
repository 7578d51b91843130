package dev.coffer.filter.sieve;

/** A request about stored scripts that cannot be done; the reason maps to a ManageSieve response code. */
public final class SieveScriptException extends Exception {

    /** RFC 5804 §1.3 response codes where one fits. */
    public enum Reason { INVALID_NAME, SYNTAX, TOO_LARGE, TOO_MANY, NONEXISTENT, ACTIVE, ALREADY_EXISTS }

    private final Reason reason;

    public SieveScriptException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
