package dev.coffer.account;

/** A domain claim or its verification that cannot go ahead; the message tells the user what to do. */
public final class DomainClaimException extends Exception {

    /** Why, so an API can answer with the matching status. */
    public enum Reason { INVALID_NAME, ALREADY_HOSTED, TOO_MANY_CLAIMS, NO_CLAIM, NOT_PROVED, LOOKUP_FAILED, TOO_SOON }

    private final Reason reason;

    public DomainClaimException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
