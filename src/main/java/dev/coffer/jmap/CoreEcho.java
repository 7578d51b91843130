package dev.coffer.jmap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** RFC 8620 §4: {@code Core/echo} answers with the arguments it was given. */
public final class CoreEcho implements JmapMethod {

    public static final String CORE = "urn:ietf:params:jmap:core";

    @Override
    public String name() {
        return "Core/echo";
    }

    @Override
    public String capability() {
        return CORE;
    }

    @Override
    public JsonNode call(ObjectNode arguments, MethodCall call) {
        return arguments;
    }
}
