package dev.coffer.jmap;

/**
 * A method-level error (RFC 8620 §3.6.2): answered as an {@code error} invocation with this
 * {@code type} in place of the method's response; the rest of the request goes on.
 */
public final class MethodError extends Exception {

    private final String type;

    public MethodError(String type, String description) {
        super(description);
        this.type = type;
    }

    /** The error type, e.g. {@code invalidArguments}, {@code unknownMethod}, {@code forbidden}. */
    public String type() {
        return type;
    }

    public static MethodError invalidArguments(String description) {
        return new MethodError("invalidArguments", description);
    }

    public static MethodError forbidden(String description) {
        return new MethodError("forbidden", description);
    }

    /** RFC 8620 §5.1: a get or set that names more objects than the session's maxObjectsIn* allows. */
    public static MethodError requestTooLarge(String description) {
        return new MethodError("requestTooLarge", description);
    }

    public static MethodError serverFail(String description) {
        return new MethodError("serverFail", description);
    }

    /** RFC 8620 §5.2, §5.5: the client's {@code sinceState} or {@code sinceQueryState} is too old or unknown. */
    public static MethodError cannotCalculateChanges(String description) {
        return new MethodError("cannotCalculateChanges", description);
    }

    /** RFC 8620 §5.3: {@code ifInState} does not match the current state. */
    public static MethodError stateMismatch(String description) {
        return new MethodError("stateMismatch", description);
    }
}
