package dev.coffer.jmap;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The limits of RFC 8620 §2 {@code urn:ietf:params:jmap:core}: announced in the session
 * resource and enforced where the input enters (request body, upload body, calls, objects).
 */
public record JmapLimits(
        long maxSizeUpload,
        int maxConcurrentUpload,
        long maxSizeRequest,
        int maxConcurrentRequests,
        int maxCallsInRequest,
        int maxObjectsInGet,
        int maxObjectsInSet,
        int maxUploadsHeld,
        int maxEventSources) {

    /** Defaults for a server whose largest message is {@code maxMessageSize} octets. */
    public static JmapLimits defaults(long maxMessageSize) {
        return new JmapLimits(maxMessageSize, 4, 10_000_000, 4, 32, 500, 500, 64, 8);
    }

    /** RFC 8620 §2: the capability object of {@code urn:ietf:params:jmap:core}. */
    ObjectNode coreCapability() {
        ObjectNode core = JsonNodeFactory.instance.objectNode();
        core.put("maxSizeUpload", maxSizeUpload);
        core.put("maxConcurrentUpload", maxConcurrentUpload);
        core.put("maxSizeRequest", maxSizeRequest);
        core.put("maxConcurrentRequests", maxConcurrentRequests);
        core.put("maxCallsInRequest", maxCallsInRequest);
        core.put("maxObjectsInGet", maxObjectsInGet);
        core.put("maxObjectsInSet", maxObjectsInSet);
        // RFC 4790 collations the server can use in /query sorts and filters.
        core.putArray("collationAlgorithms").add("i;ascii-numeric").add("i;ascii-casemap").add("i;unicode-casemap");
        return core;
    }
}
