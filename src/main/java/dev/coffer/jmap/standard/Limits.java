package dev.coffer.jmap.standard;

/**
 * The object limits of RFC 8620 §2 that these methods enforce; the core announces the same
 * numbers in the session's {@code urn:ietf:params:jmap:core} capability.
 */
public record Limits(int maxObjectsInGet, int maxObjectsInSet) {

    public static final Limits DEFAULTS = new Limits(500, 500);
}
