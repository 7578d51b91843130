package dev.coffer.jmap.submission;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.coffer.jmap.JmapMethod;
import dev.coffer.jmap.MethodCall;
import dev.coffer.jmap.MethodError;
import dev.coffer.jmap.OutgoingMessages;
import dev.coffer.jmap.StateChanges;
import dev.coffer.jmap.identity.Identities;
import dev.coffer.jmap.standard.Arguments;
import dev.coffer.jmap.standard.Json;
import dev.coffer.jmap.standard.Limits;
import dev.coffer.jmap.standard.SetError;
import dev.coffer.jmap.standard.SetResponse;
import dev.coffer.smtp.SubmissionPolicy;
import dev.coffer.store.Account;
import dev.coffer.store.ObjectChangeStore;
import dev.coffer.store.SubmissionRow;
import dev.coffer.store.SubmissionStore;
import dev.coffer.submission.SubmissionService;
import java.time.Clock;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * EmailSubmission/set (RFC 8621 §7.5). Creating one sends the message at once (no delayed send:
 * undoStatus is final, so an update to canceled fails with cannotUnsend); destroying one forgets
 * the record. On success, onSuccessUpdateEmail and onSuccessDestroyEmail become one implicit
 * Email/set call right after this one.
 */
public final class EmailSubmissionSet implements JmapMethod {

    private final SubmissionStore store;
    private final ObjectChangeStore changes;
    private final SubmissionSender sender;
    private final StateChanges stateChanges;
    private final Limits limits;

    /**
     * @param isLocal        whether a recipient is hosted here
     * @param maxRecipients  as for SMTP submission
     * @param maxMessageSize as for SMTP submission, in octets
     * @param policy         the per-account sending limit of SMTP submission, shared with it
     */
    public EmailSubmissionSet(SubmissionStore store, ObjectChangeStore changes, Identities identities,
                              OutgoingMessages outgoing, EmailThreads threads, SubmissionService submission,
                              Predicate<String> isLocal, int maxRecipients, long maxMessageSize,
                              SubmissionPolicy policy, StateChanges stateChanges, Limits limits, Clock clock) {
        this.store = store;
        this.changes = changes;
        this.sender = new SubmissionSender(identities, outgoing, threads, submission, isLocal,
                new SubmissionSender.Settings(maxRecipients, maxMessageSize), policy, clock);
        this.stateChanges = stateChanges;
        this.limits = limits;
    }

    @Override
    public String name() {
        return "EmailSubmission/set";
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
        List<String> destroy = Arguments.strings(arguments, "destroy");
        Map<String, ObjectNode> onSuccessUpdate = Arguments.objects(arguments, "onSuccessUpdateEmail");
        List<String> onSuccessDestroy = Arguments.strings(arguments, "onSuccessDestroyEmail");
        Account account = call.account();
        String oldState = state(account);
        SetResponse.checkState(arguments, oldState);
        SetResponse response = new SetResponse(call.accountId(), oldState);
        // submission id (and "#creationId") → the Email it sent, for the onSuccess arguments
        Map<String, String> succeeded = new HashMap<>();
        for (Map.Entry<String, ObjectNode> entry : create.entrySet()) {
            try {
                SubmissionRow row = store.create(sender.send(account, entry.getValue(), call));
                String id = Long.toString(row.id());
                call.created(entry.getKey(), id);
                succeeded.put("#" + entry.getKey(), row.emailId());
                succeeded.put(id, row.emailId());
                ObjectNode serverSet = Json.object().put("id", id).put("threadId", row.threadId())
                        .put("sendAt", row.sendAt().toString()).put("undoStatus", row.undoStatus());
                if (!entry.getValue().hasNonNull("envelope")) {
                    serverSet.set("envelope", Json.parse(row.envelope()));
                }
                response.created(entry.getKey(), serverSet);
            } catch (SetError e) {
                response.notCreated(entry.getKey(), e);
            }
        }
        for (Map.Entry<String, ObjectNode> entry : update.entrySet()) {
            try {
                SubmissionRow row = existing(account, call, entry.getKey());
                checkUpdate(row, entry.getValue());
                succeeded.put(entry.getKey(), row.emailId());
                response.updated(Long.toString(row.id()), null);
            } catch (SetError e) {
                response.notUpdated(entry.getKey(), e);
            }
        }
        for (String id : destroy) {
            try {
                SubmissionRow row = existing(account, call, id);
                store.delete(account.id(), row.id());
                succeeded.put(id, row.emailId());
                response.destroyed(Long.toString(row.id()));
            } catch (SetError e) {
                response.notDestroyed(id, e);
            }
        }
        if (response.changedAnything()) {
            stateChanges.changed(account.id(), Set.of(SubmissionStore.TYPE));
        }
        ObjectNode answer = response.toJson(state(account));
        emailFollowUp(call, succeeded, onSuccessUpdate, onSuccessDestroy);
        return answer;
    }

    /** RFC 8621 §7.5: the Email/set the client asked for, for the submissions that succeeded only. */
    private static void emailFollowUp(MethodCall call, Map<String, String> succeeded,
                                      Map<String, ObjectNode> onSuccessUpdate, List<String> onSuccessDestroy) {
        ObjectNode update = Json.object();
        for (Map.Entry<String, ObjectNode> entry : onSuccessUpdate.entrySet()) {
            String emailId = succeeded.get(entry.getKey());
            if (emailId != null) {
                update.set(emailId, entry.getValue());
            }
        }
        ArrayNode destroy = Json.array();
        for (String key : onSuccessDestroy) {
            String emailId = succeeded.get(key);
            if (emailId != null) {
                destroy.add(emailId);
            }
        }
        if (update.isEmpty() && destroy.isEmpty()) {
            return;
        }
        ObjectNode arguments = Json.object().put("accountId", call.accountId());
        if (!update.isEmpty()) {
            arguments.set("update", update);
        }
        if (!destroy.isEmpty()) {
            arguments.set("destroy", destroy);
        }
        call.followUp("Email/set", arguments);
    }

    /** Only undoStatus may change, and only from pending to canceled: a sent message stays sent. */
    private static void checkUpdate(SubmissionRow row, ObjectNode patch) throws SetError {
        for (Iterator<Map.Entry<String, JsonNode>> it = patch.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            if (!entry.getKey().equals("undoStatus")) {
                throw SetError.invalidProperties(entry.getKey() + " cannot be changed", entry.getKey());
            }
            String wanted = entry.getValue().asText("");
            if (wanted.equals("canceled") && !row.undoStatus().equals("pending")) {
                throw new SetError("cannotUnsend", "The message has already been sent");
            }
            if (!wanted.equals(row.undoStatus()) && !wanted.equals("canceled")) {
                throw SetError.invalidProperties("undoStatus can only be changed to canceled", "undoStatus");
            }
        }
    }

    private SubmissionRow existing(Account account, MethodCall call, String id) throws SetError {
        String resolved = id.startsWith("#") ? call.createdId(id.substring(1)).orElse(id) : id;
        Optional<SubmissionRow> found = store.list(account.id()).stream()
                .filter(row -> Long.toString(row.id()).equals(resolved)).findFirst();
        return found.orElseThrow(() -> SetError.notFound(id));
    }

    private String state(Account account) {
        return Long.toString(changes.state(account.id(), SubmissionStore.TYPE));
    }
}
