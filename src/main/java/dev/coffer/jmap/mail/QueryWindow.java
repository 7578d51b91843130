package dev.coffer.jmap.mail;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.coffer.jmap.MethodCall;
import dev.coffer.jmap.MethodError;
import dev.coffer.jmap.standard.Arguments;
import java.util.List;

/** RFC 8620 §5.5: the window of a /query result ({@code position}, {@code anchor}, {@code limit}) and its response. */
final class QueryWindow {

    /** The most ids one /query answers when the client sets no lower limit. */
    static final int MAX_LIMIT = 1_000;

    private QueryWindow() {}

    static ObjectNode answer(ObjectNode arguments, MethodCall call, String queryState, List<String> ids)
            throws MethodError {
        long position = Arguments.number(arguments, "position", 0);
        long limit = Arguments.number(arguments, "limit", MAX_LIMIT);
        if (limit < 0) {
            throw MethodError.invalidArguments("limit must not be negative.");
        }
        limit = Math.min(limit, MAX_LIMIT);
        var anchor = Arguments.string(arguments, "anchor");
        if (anchor.isPresent()) {
            int index = ids.indexOf(Arguments.resolve(anchor.get(), call));
            if (index < 0) {
                throw new MethodError("anchorNotFound", "The anchor " + anchor.get() + " is not in the results.");
            }
            position = Math.max(0, index + Arguments.number(arguments, "anchorOffset", 0));
        } else if (position < 0) {
            // RFC 8620 §5.5: a negative position counts from the end.
            position = Math.max(0, ids.size() + position);
        }
        int from = (int) Math.min(position, ids.size());
        int to = (int) Math.min(ids.size(), from + limit);
        ObjectNode response = JsonNodeFactory.instance.objectNode();
        response.put("accountId", call.accountId());
        response.put("queryState", queryState);
        response.put("canCalculateChanges", false);
        response.put("position", from);
        ArrayNode list = response.putArray("ids");
        ids.subList(from, to).forEach(list::add);
        if (Arguments.bool(arguments, "calculateTotal", false)) {
            response.put("total", ids.size());
        }
        if (limit < MAX_LIMIT || arguments.has("limit")) {
            response.put("limit", limit);
        }
        return response;
    }
}
