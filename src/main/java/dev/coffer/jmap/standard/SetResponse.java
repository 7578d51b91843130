package dev.coffer.jmap.standard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.coffer.jmap.MethodError;
import java.util.ArrayList;
import java.util.List;

/** The response of a /set (RFC 8620 §5.3), filled in object by object. */
public final class SetResponse {

    private final String accountId;
    private final String oldState;
    private final ObjectNode created = Json.object();
    private final ObjectNode updated = Json.object();
    private final List<String> destroyed = new ArrayList<>();
    private final ObjectNode notCreated = Json.object();
    private final ObjectNode notUpdated = Json.object();
    private final ObjectNode notDestroyed = Json.object();

    public SetResponse(String accountId, String oldState) {
        this.accountId = accountId;
        this.oldState = oldState;
    }

    /** §5.3: ifInState, when given, must be the current state, or nothing is done. */
    public static void checkState(ObjectNode arguments, String current) throws MethodError {
        var expected = Arguments.string(arguments, "ifInState");
        if (expected.isPresent() && !expected.get().equals(current)) {
            throw MethodError.stateMismatch("The state is " + current + ", not " + expected.get());
        }
    }

    public void created(String creationId, ObjectNode serverSet) {
        created.set(creationId, serverSet);
    }

    /** @param serverChanged the properties the server changed beyond the client's patch, or null */
    public void updated(String id, JsonNode serverChanged) {
        updated.set(id, serverChanged);
    }

    public void destroyed(String id) {
        destroyed.add(id);
    }

    public void notCreated(String creationId, SetError error) {
        notCreated.set(creationId, error.toJson());
    }

    public void notUpdated(String id, SetError error) {
        notUpdated.set(id, error.toJson());
    }

    public void notDestroyed(String id, SetError error) {
        notDestroyed.set(id, error.toJson());
    }

    public boolean changedAnything() {
        return !created.isEmpty() || !updated.isEmpty() || !destroyed.isEmpty();
    }

    public ObjectNode toJson(String newState) {
        ObjectNode response = Json.object().put("accountId", accountId).put("oldState", oldState)
                .put("newState", newState);
        response.set("created", created.isEmpty() ? null : created);
        response.set("updated", updated.isEmpty() ? null : updated);
        response.set("destroyed", destroyed.isEmpty() ? null : Json.strings(destroyed));
        response.set("notCreated", notCreated.isEmpty() ? null : notCreated);
        response.set("notUpdated", notUpdated.isEmpty() ? null : notUpdated);
        response.set("notDestroyed", notDestroyed.isEmpty() ? null : notDestroyed);
        return response;
    }
}
