package dev.coffer.jmap.vacation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.coffer.jmap.JmapMethod;
import dev.coffer.jmap.MethodCall;
import dev.coffer.jmap.MethodError;
import dev.coffer.jmap.standard.Arguments;
import dev.coffer.jmap.standard.GetResponse;
import dev.coffer.store.ObjectChangeStore;
import dev.coffer.store.VacationResponseStore;
import java.util.Map;

/** VacationResponse/get (RFC 8621 §8.1): the one object, id {@code singleton}. */
public final class VacationResponseGet implements JmapMethod {

    private final VacationResponseStore store;
    private final ObjectChangeStore changes;

    public VacationResponseGet(VacationResponseStore store, ObjectChangeStore changes) {
        this.store = store;
        this.changes = changes;
    }

    @Override
    public String name() {
        return "VacationResponse/get";
    }

    @Override
    public String capability() {
        return VacationCapability.URI;
    }

    @Override
    public JsonNode call(ObjectNode arguments, MethodCall call) throws MethodError {
        var ids = Arguments.ids(arguments, "ids", Integer.MAX_VALUE, call);
        var properties = Arguments.properties(arguments, VacationJson.PROPERTIES);
        String state = Long.toString(changes.state(call.account().id(), VacationResponseStore.TYPE));
        return GetResponse.of(call.accountId(), state,
                Map.of(VacationResponseStore.SINGLETON, VacationJson.of(store.find(call.account().id()))), ids, properties);
    }
}
