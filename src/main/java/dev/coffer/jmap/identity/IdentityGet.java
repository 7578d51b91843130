package dev.coffer.jmap.identity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.coffer.jmap.JmapMethod;
import dev.coffer.jmap.MethodCall;
import dev.coffer.jmap.MethodError;
import dev.coffer.jmap.standard.Arguments;
import dev.coffer.jmap.standard.GetResponse;
import dev.coffer.jmap.standard.Limits;
import dev.coffer.jmap.submission.SubmissionCapability;
import dev.coffer.store.IdentityRow;
import java.util.LinkedHashMap;
import java.util.Map;

/** Identity/get (RFC 8621 §6.1). */
public final class IdentityGet implements JmapMethod {

    private final Identities identities;
    private final Limits limits;

    public IdentityGet(Identities identities, Limits limits) {
        this.identities = identities;
        this.limits = limits;
    }

    @Override
    public String name() {
        return "Identity/get";
    }

    @Override
    public String capability() {
        return SubmissionCapability.URI;
    }

    @Override
    public JsonNode call(ObjectNode arguments, MethodCall call) throws MethodError {
        var ids = Arguments.ids(arguments, "ids", limits.maxObjectsInGet(), call);
        var properties = Arguments.properties(arguments, IdentityJson.PROPERTIES);
        Map<String, ObjectNode> all = new LinkedHashMap<>();
        for (IdentityRow row : identities.list(call.account())) {
            all.put(Long.toString(row.id()), IdentityJson.of(row));
        }
        String state = identities.state(call.account());
        return GetResponse.of(call.accountId(), state, all, ids, properties);
    }
}
