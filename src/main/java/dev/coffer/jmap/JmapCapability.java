package dev.coffer.jmap;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A capability the session resource announces (RFC 8620 §2).
 *
 * @param uri     e.g. {@code urn:ietf:params:jmap:mail}
 * @param session the value under {@code capabilities} (limits and options for the whole server)
 * @param account the value under each account's {@code accountCapabilities}
 */
public record JmapCapability(String uri, ObjectNode session, ObjectNode account) {}
