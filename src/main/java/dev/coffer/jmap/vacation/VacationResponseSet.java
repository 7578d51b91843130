package dev.coffer.jmap.vacation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.coffer.jmap.JmapMethod;
import dev.coffer.jmap.MethodCall;
import dev.coffer.jmap.MethodError;
import dev.coffer.jmap.StateChanges;
import dev.coffer.jmap.standard.Arguments;
import dev.coffer.jmap.standard.SetError;
import dev.coffer.jmap.standard.SetResponse;
import dev.coffer.store.ObjectChangeStore;
import dev.coffer.store.VacationResponseStore;
import java.util.Map;
import java.util.Set;

/**
 * VacationResponse/set (RFC 8621 §8.2): only the singleton, only updated. The text is a user
 * setting the server reads at delivery, stored readable like a Sieve script (it is not mail).
 */
public final class VacationResponseSet implements JmapMethod {

    private final VacationResponseStore store;
    private final ObjectChangeStore changes;
    private final StateChanges stateChanges;

    public VacationResponseSet(VacationResponseStore store, ObjectChangeStore changes, StateChanges stateChanges) {
        this.store = store;
        this.changes = changes;
        this.stateChanges = stateChanges;
    }

    @Override
    public String name() {
        return "VacationResponse/set";
    }

    @Override
    public String capability() {
        return VacationCapability.URI;
    }

    @Override
    public JsonNode call(ObjectNode arguments, MethodCall call) throws MethodError {
        Arguments.checkSetSize(arguments, 16);
        long accountId = call.account().id();
        String oldState = state(accountId);
        SetResponse.checkState(arguments, oldState);
        SetResponse response = new SetResponse(call.accountId(), oldState);
        // RFC 8621 §8.2: the singleton can be neither created nor destroyed
        for (String creationId : Arguments.objects(arguments, "create").keySet()) {
            response.notCreated(creationId, new SetError("singleton", "There is only one VacationResponse; update it"));
        }
        for (String id : Arguments.strings(arguments, "destroy")) {
            response.notDestroyed(id, new SetError("singleton", "The VacationResponse cannot be destroyed; disable it"));
        }
        for (Map.Entry<String, ObjectNode> entry : Arguments.objects(arguments, "update").entrySet()) {
            if (!entry.getKey().equals(VacationResponseStore.SINGLETON)) {
                response.notUpdated(entry.getKey(), SetError.notFound(entry.getKey()));
                continue;
            }
            try {
                store.put(VacationJson.apply(store.find(accountId), entry.getValue()));
                response.updated(entry.getKey(), null);
            } catch (SetError e) {
                response.notUpdated(entry.getKey(), e);
            }
        }
        if (response.changedAnything()) {
            stateChanges.changed(accountId, Set.of(VacationResponseStore.TYPE));
        }
        return response.toJson(state(accountId));
    }

    private String state(long accountId) {
        return Long.toString(changes.state(accountId, VacationResponseStore.TYPE));
    }
}
