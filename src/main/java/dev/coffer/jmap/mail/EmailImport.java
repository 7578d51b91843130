package dev.coffer.jmap.mail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.coffer.jmap.JmapMethod;
import dev.coffer.jmap.MethodCall;
import dev.coffer.jmap.MethodError;
import dev.coffer.jmap.Uploads;
import dev.coffer.jmap.standard.Arguments;
import java.util.Map;

/**
 * RFC 8621 §4.8 Email/import: an uploaded message is stored through the mailbox service,
 * which encrypts it to the account's key (or keeps it when it already is PGP/MIME). The
 * uploaded bytes stay in memory for a while ({@link HeldMessages}) so an EmailSubmission can
 * send them.
 */
final class EmailImport implements JmapMethod {

    private final MailContext context;

    EmailImport(MailContext context) {
        this.context = context;
    }

    @Override
    public String name() {
        return "Email/import";
    }

    @Override
    public String capability() {
        return MailContext.MAIL;
    }

    @Override
    public JsonNode call(ObjectNode arguments, MethodCall call) throws MethodError {
        long accountId = call.account().id();
        String state = MailState.current(context.mailboxes(), accountId).emailState();
        SetAnswer.check(arguments, state, context.limits().maxObjectsInSet());
        ObjectNode emails = Arguments.object(arguments, "emails")
                .orElseThrow(() -> MethodError.invalidArguments("emails is required."));
        if (emails.size() > context.limits().maxObjectsInSet()) {
            throw MethodError.requestTooLarge("More than " + context.limits().maxObjectsInSet()
                    + " Emails in one Email/import (maxObjectsInSet).");
        }
        ObjectNode response = JsonNodeFactory.instance.objectNode();
        response.put("accountId", call.accountId());
        response.put("oldState", state);
        ObjectNode created = response.putObject("created");
        ObjectNode notCreated = response.putObject("notCreated");
        for (Map.Entry<String, JsonNode> entry : emails.properties()) {
            try {
                created.set(entry.getKey(), importOne(call, entry.getKey(), entry.getValue()));
            } catch (EmailRefused e) {
                notCreated.set(entry.getKey(), SetAnswer.error(e.type(), e.getMessage()));
            }
        }
        context.changed(accountId);
        response.put("newState", MailState.current(context.mailboxes(), accountId).emailState());
        return response;
    }

    private ObjectNode importOne(MethodCall call, String creationId, JsonNode request) throws EmailRefused {
        long accountId = call.account().id();
        if (!request.path("blobId").isTextual()) {
            throw new EmailRefused("invalidProperties", "blobId is required.");
        }
        String blobId = Arguments.resolve(request.get("blobId").asText(), call);
        Uploads.Upload upload = context.uploads().get(accountId, blobId).orElseThrow(() ->
                new EmailRefused("blobNotFound", "There is no uploaded blob " + blobId + " (uploads last an hour)."));
        return new EmailStorage(context).store(call, creationId, upload.content(), request);
    }
}
