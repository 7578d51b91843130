package dev.coffer.jmap.submission;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.coffer.jmap.JmapMethod;
import dev.coffer.jmap.MethodCall;
import dev.coffer.jmap.MethodError;
import dev.coffer.jmap.standard.Changes;
import dev.coffer.store.ObjectChangeStore;
import dev.coffer.store.SubmissionStore;

/** EmailSubmission/changes (RFC 8621 §7.2, RFC 8620 §5.2). */
public final class EmailSubmissionChanges implements JmapMethod {

    private final ObjectChangeStore changes;

    public EmailSubmissionChanges(ObjectChangeStore changes) {
        this.changes = changes;
    }

    @Override
    public String name() {
        return "EmailSubmission/changes";
    }

    @Override
    public String capability() {
        return SubmissionCapability.URI;
    }

    @Override
    public JsonNode call(ObjectNode arguments, MethodCall call) throws MethodError {
        return Changes.answer(changes, SubmissionStore.TYPE, arguments, call);
    }
}
