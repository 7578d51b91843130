package dev.coffer.jmap.mail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.coffer.jmap.JmapMethod;
import dev.coffer.jmap.MethodCall;
import dev.coffer.jmap.MethodError;
import dev.coffer.jmap.standard.Arguments;

/**
 * RFC 8621 §4.7 Email/copy copies between accounts (RFC 8620 §5.4: fromAccountId differs from
 * accountId). A Coffer user has one account, so there is never another account to copy
 * from; within the account, Email/set on mailboxIds does the copy.
 */
final class EmailCopy implements JmapMethod {

    @Override
    public String name() {
        return "Email/copy";
    }

    @Override
    public String capability() {
        return MailContext.MAIL;
    }

    @Override
    public JsonNode call(ObjectNode arguments, MethodCall call) throws MethodError {
        String from = Arguments.string(arguments, "fromAccountId")
                .orElseThrow(() -> MethodError.invalidArguments("fromAccountId is required."));
        if (from.equals(call.accountId())) {
            throw MethodError.invalidArguments("fromAccountId must differ from accountId; "
                    + "use Email/set on mailboxIds to copy within the account.");
        }
        throw new MethodError("fromAccountNotFound", "There is no account " + from + " for this user.");
    }
}
