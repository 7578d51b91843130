package dev.coffer.jmap.submission;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.coffer.jmap.JmapMethod;
import dev.coffer.jmap.MethodCall;
import dev.coffer.jmap.MethodError;
import dev.coffer.jmap.standard.Arguments;
import dev.coffer.jmap.standard.GetResponse;
import dev.coffer.jmap.standard.Limits;
import dev.coffer.store.ObjectChangeStore;
import dev.coffer.store.SubmissionRow;
import dev.coffer.store.SubmissionStore;
import java.util.LinkedHashMap;
import java.util.Map;

/** EmailSubmission/get (RFC 8621 §7.1). */
public final class EmailSubmissionGet implements JmapMethod {

    private final SubmissionStore store;
    private final ObjectChangeStore changes;
    private final QueueLookup queue;
    private final Limits limits;

    public EmailSubmissionGet(SubmissionStore store, ObjectChangeStore changes, QueueLookup queue, Limits limits) {
        this.store = store;
        this.changes = changes;
        this.queue = queue;
        this.limits = limits;
    }

    @Override
    public String name() {
        return "EmailSubmission/get";
    }

    @Override
    public String capability() {
        return SubmissionCapability.URI;
    }

    @Override
    public JsonNode call(ObjectNode arguments, MethodCall call) throws MethodError {
        var ids = Arguments.ids(arguments, "ids", limits.maxObjectsInGet(), call);
        var properties = Arguments.properties(arguments, SubmissionJson.PROPERTIES);
        Map<String, ObjectNode> all = new LinkedHashMap<>();
        for (SubmissionRow row : store.list(call.account().id())) {
            all.put(Long.toString(row.id()), SubmissionJson.of(row, queue));
        }
        String state = Long.toString(changes.state(call.account().id(), SubmissionStore.TYPE));
        return GetResponse.of(call.accountId(), state, all, ids, properties);
    }
}
