package dev.coffer.jmap.identity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.coffer.jmap.JmapMethod;
import dev.coffer.jmap.MethodCall;
import dev.coffer.jmap.MethodError;
import dev.coffer.jmap.StateChanges;
import dev.coffer.jmap.standard.Arguments;
import dev.coffer.jmap.standard.Limits;
import dev.coffer.jmap.standard.SetError;
import dev.coffer.jmap.standard.SetResponse;
import dev.coffer.jmap.submission.SubmissionCapability;
import dev.coffer.store.Account;
import dev.coffer.store.IdentityRow;
import dev.coffer.store.IdentityStore;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Identity/set (RFC 8621 §6.3): new identities only for addresses the account may send from
 * ({@code forbiddenFrom} otherwise); the standing identities of its address and aliases cannot
 * be destroyed ({@code mayDelete} false).
 */
public final class IdentitySet implements JmapMethod {

    private final Identities identities;
    private final StateChanges stateChanges;
    private final Limits limits;

    public IdentitySet(Identities identities, StateChanges stateChanges, Limits limits) {
        this.identities = identities;
        this.stateChanges = stateChanges;
        this.limits = limits;
    }

    @Override
    public String name() {
        return "Identity/set";
    }

    @Override
    public String capability() {
        return SubmissionCapability.URI;
    }

    @Override
    public JsonNode call(ObjectNode arguments, MethodCall call) throws MethodError {
        Arguments.checkSetSize(arguments, limits.maxObjectsInSet());
        Map<String, ObjectNode> create = Arguments.objects(arguments, "create");
        Map<String, ObjectNode> update = Arguments.objects(arguments, "update");
        var destroy = Arguments.strings(arguments, "destroy");
        Account account = call.account();
        identities.list(account);
        String oldState = identities.state(account);
        SetResponse response = new SetResponse(call.accountId(), oldState);
        SetResponse.checkState(arguments, oldState);
        for (Map.Entry<String, ObjectNode> entry : create.entrySet()) {
            try {
                IdentityRow made = create(account, entry.getValue());
                call.created(entry.getKey(), Long.toString(made.id()));
                response.created(entry.getKey(), serverSet(IdentityJson.of(made), entry.getValue()));
            } catch (SetError e) {
                response.notCreated(entry.getKey(), e);
            }
        }
        for (Map.Entry<String, ObjectNode> entry : update.entrySet()) {
            try {
                IdentityRow current = existing(account, call, entry.getKey());
                identities.store().update(IdentityJson.apply(current, entry.getValue()));
                response.updated(Long.toString(current.id()), null);
            } catch (SetError e) {
                response.notUpdated(entry.getKey(), e);
            }
        }
        for (String id : destroy) {
            try {
                IdentityRow current = existing(account, call, id);
                if (current.standing()) {
                    throw new SetError("forbidden", "The identity of " + current.email()
                            + " belongs to the account or one of its aliases and cannot be deleted (mayDelete is false)");
                }
                identities.store().delete(account.id(), current.id());
                response.destroyed(Long.toString(current.id()));
            } catch (SetError e) {
                response.notDestroyed(id, e);
            }
        }
        if (response.changedAnything()) {
            stateChanges.changed(account.id(), Set.of(IdentityStore.TYPE));
        }
        return response.toJson(identities.state(account));
    }

    private IdentityRow create(Account account, ObjectNode values) throws SetError {
        JsonNode email = values.get("email");
        if (email == null || !email.isTextual() || !email.asText().contains("@")) {
            throw SetError.invalidProperties("email is required and must be an address", "email");
        }
        String address = email.asText().strip();
        // RFC 8621 §6.3: only addresses the user may send from; the same rule as SMTP submission
        if (!identities.maySendAs(account, address)) {
            throw new SetError("forbiddenFrom", "This account may not send from " + address);
        }
        IdentityRow base = new IdentityRow(0, account.id(), address, "", null, null, "", "", false);
        ObjectNode rest = values.deepCopy();
        rest.remove("email");
        return identities.store().create(IdentityJson.apply(base, rest));
    }

    /** RFC 8620 §5.3: an update or destroy may name an object created earlier in the request as {@code #id}. */
    private IdentityRow existing(Account account, MethodCall call, String id) throws SetError {
        String resolved = id.startsWith("#") ? call.createdId(id.substring(1)).orElse(id) : id;
        Optional<IdentityRow> found = identities.find(account, resolved);
        return found.orElseThrow(() -> SetError.notFound(id));
    }

    /** RFC 8620 §5.3: the created object's id and every property the client left to the server. */
    private static ObjectNode serverSet(ObjectNode full, ObjectNode given) {
        ObjectNode set = full.deepCopy();
        given.fieldNames().forEachRemaining(set::remove);
        return set;
    }
}
