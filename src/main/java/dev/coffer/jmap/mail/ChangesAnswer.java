package dev.coffer.jmap.mail;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.coffer.jmap.MethodCall;
import dev.coffer.jmap.MethodError;
import dev.coffer.jmap.standard.Arguments;
import java.util.Collection;

/** The response of a standard /changes (RFC 8620 §5.2). */
final class ChangesAnswer {

    private ChangesAnswer() {}

    /**
     * All changes at once: Coffer's states are vectors it cannot cut in between, so when there
     * are more changes than {@code maxChanges} the client is told to resynchronise instead.
     */
    static ObjectNode of(MethodCall call, String oldState, String newState, Collection<String> created,
                         Collection<String> updated, Collection<String> destroyed, long maxChanges)
            throws MethodError {
        if (created.size() + updated.size() + destroyed.size() > maxChanges) {
            throw MethodError.cannotCalculateChanges("More than maxChanges (" + maxChanges
                    + ") changes since that state; fetch the objects again.");
        }
        ObjectNode response = JsonNodeFactory.instance.objectNode();
        response.put("accountId", call.accountId());
        response.put("oldState", oldState);
        response.put("newState", newState);
        response.put("hasMoreChanges", false);
        ArrayNode c = response.putArray("created");
        created.forEach(c::add);
        ArrayNode u = response.putArray("updated");
        updated.forEach(u::add);
        ArrayNode d = response.putArray("destroyed");
        destroyed.forEach(d::add);
        return response;
    }

    /** RFC 8620 §5.2: maxChanges, when given, is a positive integer. */
    static long maxChanges(ObjectNode arguments) throws MethodError {
        long max = Arguments.number(arguments, "maxChanges", Long.MAX_VALUE);
        if (max <= 0) {
            throw MethodError.invalidArguments("maxChanges must be a positive integer.");
        }
        return max;
    }
}
