package dev.coffer.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * An error answer as RFC 9457 problem details: {@code type}, {@code title}, {@code status},
 * {@code detail}, and extension members a client may act on. The detail is written for the
 * client; it never holds a stack trace.
 *
 * @param type "about:blank" when the status says it all, else a {@code urn:coffer:problem:…} URI
 */
public record Problem(String type, int status, String detail, Map<String, Object> extensions) {

    /** Where Coffer's own problem types live (RFC 9457 §3.1.1: a URI that names the kind of problem). */
    public static final String TYPE_PREFIX = "urn:coffer:problem:";

    public Problem {
        extensions = Map.copyOf(extensions);
    }

    /** A problem that its status code describes fully. */
    public Problem(int status, String detail) {
        this("about:blank", status, detail, Map.of());
    }

    /** A problem of one of Coffer's own types, e.g. {@code second-factor-required}. */
    public static Problem typed(String name, int status, String detail, Map<String, Object> extensions) {
        return new Problem(TYPE_PREFIX + name, status, detail, extensions);
    }

    public static final String MEDIA_TYPE = "application/problem+json";

    private static final ObjectMapper JSON = new ObjectMapper();

    private static final Map<Integer, String> TITLES = Map.ofEntries(
            Map.entry(400, "Bad Request"),
            Map.entry(401, "Unauthorized"),
            Map.entry(403, "Forbidden"),
            Map.entry(409, "Conflict"),
            Map.entry(404, "Not Found"),
            Map.entry(405, "Method Not Allowed"),
            Map.entry(406, "Not Acceptable"),
            Map.entry(408, "Request Timeout"),
            Map.entry(411, "Length Required"),
            Map.entry(413, "Content Too Large"),
            Map.entry(414, "URI Too Long"),
            Map.entry(415, "Unsupported Media Type"),
            Map.entry(421, "Misdirected Request"),
            Map.entry(429, "Too Many Requests"),
            Map.entry(431, "Request Header Fields Too Large"),
            Map.entry(500, "Internal Server Error"),
            Map.entry(501, "Not Implemented"),
            Map.entry(503, "Service Unavailable"),
            Map.entry(505, "HTTP Version Not Supported"));

    public static Problem notFound() {
        return of(404);
    }

    /** A problem with the standard detail for its status. */
    public static Problem of(int status) {
        return new Problem(status, switch (status) {
            case 400 -> "The request is malformed.";
            case 404 -> "There is nothing at this address.";
            case 405 -> "This address does not accept that method.";
            case 413 -> "The request is too large.";
            case 414 -> "The request target is too long.";
            case 431 -> "The request header fields are too large.";
            default -> status >= 500 ? "The server could not answer this request." : "The request cannot be answered.";
        });
    }

    /** RFC 9110 §15 reason phrase, or a generic one by class. */
    public String title() {
        return TITLES.getOrDefault(status, status >= 500 ? "Server Error" : "Client Error");
    }

    /** Answers the request with this problem; headers set before (the security headers) stay. */
    public void answer(Context ctx) {
        ctx.status(status).header("Cache-Control", "no-store").contentType(MEDIA_TYPE).result(json());
    }

    /** RFC 9457 §3: the members, then the extensions (§3.2). */
    public byte[] json() {
        ObjectNode body = JSON.createObjectNode();
        body.put("type", type);
        body.put("title", title());
        body.put("status", status);
        body.put("detail", detail);
        extensions.forEach((name, value) -> body.set(name, JSON.valueToTree(value)));
        return body.toString().getBytes(StandardCharsets.UTF_8);
    }
}
