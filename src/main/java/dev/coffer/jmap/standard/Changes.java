package dev.coffer.jmap.standard;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.coffer.jmap.MethodCall;
import dev.coffer.jmap.MethodError;
import dev.coffer.store.ObjectChange;
import dev.coffer.store.ObjectChangeStore;
import java.util.List;

/** The /changes method of RFC 8620 §5.2 over the store's change log of one type. */
public final class Changes {

    private Changes() {}

    public static ObjectNode answer(ObjectChangeStore store, String dataType, ObjectNode arguments, MethodCall call)
            throws MethodError {
        String since = Arguments.string(arguments, "sinceState")
                .orElseThrow(() -> MethodError.invalidArguments("sinceState is required"));
        int maxChanges = Arguments.positive(arguments, "maxChanges").orElse(Integer.MAX_VALUE);
        long current = store.state(call.account().id(), dataType);
        long sinceSeq = parseState(since, current);
        List<ObjectChange> changes = store.since(call.account().id(), dataType, sinceSeq);
        // §5.2: with more changes than maxChanges, answer the first ones and an intermediate state
        boolean more = changes.size() > maxChanges;
        List<ObjectChange> answered = more ? changes.subList(0, maxChanges) : changes;
        long newState = more ? answered.getLast().changedSeq() : current;
        ArrayNode created = Json.array();
        ArrayNode updated = Json.array();
        ArrayNode destroyed = Json.array();
        for (ObjectChange change : answered) {
            boolean createdSince = change.createdSeq() > sinceSeq;
            if (change.destroyed()) {
                // §5.2: an object created and destroyed since the old state is in neither list
                if (!createdSince) {
                    destroyed.add(change.objectId());
                }
            } else if (createdSince) {
                created.add(change.objectId());
            } else {
                updated.add(change.objectId());
            }
        }
        ObjectNode response = Json.object().put("accountId", call.accountId()).put("oldState", since)
                .put("newState", Long.toString(newState)).put("hasMoreChanges", more);
        response.set("created", created);
        response.set("updated", updated);
        response.set("destroyed", destroyed);
        return response;
    }

    /** A state this server gave out: a sequence number no later than the current one. */
    public static long parseState(String state, long current) throws MethodError {
        long seq;
        try {
            seq = Long.parseLong(state);
        } catch (NumberFormatException e) {
            throw MethodError.cannotCalculateChanges("Unknown state " + state);
        }
        if (seq < 0 || seq > current) {
            throw MethodError.cannotCalculateChanges("Unknown state " + state);
        }
        return seq;
    }
}
