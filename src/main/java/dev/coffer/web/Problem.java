package dev.coffer.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * An error answer as RFC 9457 problem details: {@code type}, {@code title}, {@code status},
 * {@code detail}. The detail is written for the client; it never holds a stack trace.
 */
public record Problem(int status, String detail) {

    public static final String MEDIA_TYPE = "application/problem+json";

    private static final ObjectMapper JSON = new ObjectMapper();

    private static final Map<Integer, String> TITLES = Map.ofEntries(
            Map.entry(400, "Bad Request"),
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

    /** RFC 9457 §4.2.1: "about:blank" says the status code is all there is to know. */
    public byte[] json() {
        ObjectNode body = JSON.createObjectNode();
        body.put("type", "about:blank");
        body.put("title", title());
        body.put("status", status);
        body.put("detail", detail);
        return body.toString().getBytes(StandardCharsets.UTF_8);
    }
}
