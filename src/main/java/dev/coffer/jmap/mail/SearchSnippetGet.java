package dev.coffer.jmap.mail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.coffer.jmap.JmapMethod;
import dev.coffer.jmap.MethodCall;
import dev.coffer.jmap.MethodError;
import dev.coffer.jmap.standard.Arguments;
import java.util.List;

/**
 * RFC 8621 §5.1 SearchSnippet/get. The server cannot see subjects or bodies (they are
 * encrypted), so every snippet is {@code subject: null, preview: null} — the RFC's answer
 * when nothing to highlight is known; the client searches the decrypted text itself.
 */
final class SearchSnippetGet implements JmapMethod {

    private final MailContext context;

    SearchSnippetGet(MailContext context) {
        this.context = context;
    }

    @Override
    public String name() {
        return "SearchSnippet/get";
    }

    @Override
    public String capability() {
        return MailContext.MAIL;
    }

    @Override
    public JsonNode call(ObjectNode arguments, MethodCall call) throws MethodError {
        List<String> ids = Arguments.ids(arguments, "emailIds", context.limits().maxObjectsInGet(), call)
                .orElseThrow(() -> MethodError.invalidArguments("SearchSnippet/get needs emailIds."));
        MailView view = MailView.of(context.mailboxes(), call.account().id());
        ObjectNode response = JsonNodeFactory.instance.objectNode();
        response.put("accountId", call.accountId());
        ArrayNode list = response.putArray("list");
        ArrayNode notFound = response.putArray("notFound");
        for (String id : ids) {
            if (MailIds.storeBlob(id, 'E').map(view::email).filter(m -> !m.isEmpty()).isPresent()) {
                list.addObject().put("emailId", id).putNull("subject").putNull("preview");
            } else {
                notFound.add(id);
            }
        }
        return response;
    }
}
