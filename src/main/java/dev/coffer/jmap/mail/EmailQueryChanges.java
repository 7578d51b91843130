package dev.coffer.jmap.mail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.coffer.jmap.JmapMethod;
import dev.coffer.jmap.MethodCall;
import dev.coffer.jmap.MethodError;

/**
 * RFC 8621 §4.5 Email/queryChanges. Email/query answers {@code canCalculateChanges: false},
 * so this answers {@code cannotCalculateChanges} (RFC 8620 §5.6) and the client queries again.
 */
final class EmailQueryChanges implements JmapMethod {

    @Override
    public String name() {
        return "Email/queryChanges";
    }

    @Override
    public String capability() {
        return MailContext.MAIL;
    }

    @Override
    public JsonNode call(ObjectNode arguments, MethodCall call) throws MethodError {
        throw MethodError.cannotCalculateChanges("Coffer does not track query results; run Email/query again.");
    }
}
