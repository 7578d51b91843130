package dev.coffer.jmap;

/**
 * A request-level error (RFC 8620 §3.6.1): the whole request is refused with an HTTP status
 * and problem JSON whose {@code type} is one of the {@code urn:ietf:params:jmap:error:*} URIs.
 *
 * @param limit for {@code limit} errors, the name of the limit the request broke, else null
 */
public final class RequestError extends Exception {

    public static final String PREFIX = "urn:ietf:params:jmap:error:";

    private final String type;
    private final int status;
    private final String limit;

    private RequestError(String type, int status, String detail, String limit) {
        super(detail, null, false, false);
        this.type = type;
        this.status = status;
        this.limit = limit;
    }

    public static RequestError notJson(String detail) {
        return new RequestError(PREFIX + "notJSON", 400, detail, null);
    }

    public static RequestError notRequest(String detail) {
        return new RequestError(PREFIX + "notRequest", 400, detail, null);
    }

    public static RequestError unknownCapability(String capability) {
        return new RequestError(PREFIX + "unknownCapability", 400,
                "The server does not support the capability " + capability + ".", null);
    }

    /** RFC 8620 §3.6.1: {@code limit} names the limit from the session resource that was exceeded. */
    public static RequestError limit(String limit, String detail) {
        return new RequestError(PREFIX + "limit", 400, detail, limit);
    }

    public String type() {
        return type;
    }

    public int status() {
        return status;
    }

    public String limit() {
        return limit;
    }
}
