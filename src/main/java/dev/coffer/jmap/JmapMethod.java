package dev.coffer.jmap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One JMAP method, such as {@code Mailbox/get} (RFC 8620 §3.2). The dispatcher resolves
 * result references (§3.7) and checks the account before it calls; the method answers
 * with its response arguments or throws a {@link MethodError}.
 */
public interface JmapMethod {

    /** The method name as clients write it, e.g. {@code Email/query}. */
    String name();

    /** The capability URI a request must name in {@code using} to call this method. */
    String capability();

    JsonNode call(ObjectNode arguments, MethodCall call) throws MethodError;
}
