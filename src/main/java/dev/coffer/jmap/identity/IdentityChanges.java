package dev.coffer.jmap.identity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.coffer.jmap.JmapMethod;
import dev.coffer.jmap.MethodCall;
import dev.coffer.jmap.MethodError;
import dev.coffer.jmap.standard.Changes;
import dev.coffer.jmap.submission.SubmissionCapability;
import dev.coffer.store.IdentityStore;
import dev.coffer.store.ObjectChangeStore;

/** Identity/changes (RFC 8621 §6.2, RFC 8620 §5.2). */
public final class IdentityChanges implements JmapMethod {

    private final Identities identities;
    private final ObjectChangeStore changes;

    public IdentityChanges(Identities identities, ObjectChangeStore changes) {
        this.identities = identities;
        this.changes = changes;
    }

    @Override
    public String name() {
        return "Identity/changes";
    }

    @Override
    public String capability() {
        return SubmissionCapability.URI;
    }

    @Override
    public JsonNode call(ObjectNode arguments, MethodCall call) throws MethodError {
        // standing identities follow the aliases: bring them in line before answering
        identities.list(call.account());
        return Changes.answer(changes, IdentityStore.TYPE, arguments, call);
    }
}
