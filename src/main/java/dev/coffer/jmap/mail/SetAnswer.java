package dev.coffer.jmap.mail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.coffer.jmap.MethodCall;
import dev.coffer.jmap.MethodError;
import dev.coffer.jmap.standard.Arguments;
import java.util.Optional;
import java.util.function.Supplier;

/** The response of a standard /set (RFC 8620 §5.3), filled in as the creates, updates and destroys run. */
final class SetAnswer {

    final ObjectNode response = JsonNodeFactory.instance.objectNode();

    SetAnswer(MethodCall call, String oldState) {
        response.put("accountId", call.accountId());
        response.put("oldState", oldState);
        response.putObject("created");
        response.putObject("updated");
        response.putArray("destroyed");
        response.putObject("notCreated");
        response.putObject("notUpdated");
        response.putObject("notDestroyed");
    }

    /** RFC 8620 §5.3: {@code ifInState} must match, and create, update and destroy together stay under maxObjectsInSet. */
    static void check(ObjectNode arguments, String state, int maxObjectsInSet) throws MethodError {
        Optional<String> ifInState = Arguments.string(arguments, "ifInState");
        if (ifInState.isPresent() && !ifInState.get().equals(state)) {
            throw MethodError.stateMismatch("The state is " + state + ", not " + ifInState.get() + ".");
        }
        int count = 0;
        for (String name : new String[] {"create", "update", "destroy"}) {
            JsonNode node = arguments.get(name);
            if (node != null && !node.isNull()) {
                if (name.equals("destroy") ? !node.isArray() : !node.isObject()) {
                    throw MethodError.invalidArguments(name + (name.equals("destroy")
                            ? " must be an array of ids." : " must be an object."));
                }
                count += node.size();
            }
        }
        if (count > maxObjectsInSet) {
            throw MethodError.requestTooLarge("More than " + maxObjectsInSet + " objects in one /set (maxObjectsInSet).");
        }
    }

    void created(String creationId, ObjectNode object) {
        ((ObjectNode) response.get("created")).set(creationId, object);
    }

    void updated(String id) {
        ((ObjectNode) response.get("updated")).putNull(id);
    }

    void destroyed(String id) {
        response.withArray("destroyed").add(id);
    }

    void notCreated(String creationId, String type, String description) {
        ((ObjectNode) response.get("notCreated")).set(creationId, error(type, description));
    }

    void notUpdated(String id, String type, String description) {
        ((ObjectNode) response.get("notUpdated")).set(id, error(type, description));
    }

    void notDestroyed(String id, String type, String description) {
        ((ObjectNode) response.get("notDestroyed")).set(id, error(type, description));
    }

    ObjectNode finish(Supplier<String> newState) {
        response.put("newState", newState.get());
        return response;
    }

    /** RFC 8620 §5.3 SetError. */
    static ObjectNode error(String type, String description) {
        return JsonNodeFactory.instance.objectNode().put("type", type).put("description", description);
    }
}
