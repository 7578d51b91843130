package dev.coffer.jmap.standard;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * Why one object of a /set could not be created, updated or destroyed (RFC 8620 §5.3): the
 * rest of the call goes on.
 *
 * @param properties the properties at fault, for {@code invalidProperties}; empty otherwise
 */
public final class SetError extends Exception {

    private final String type;
    private final List<String> properties;
    private final ObjectNode extra = Json.object();

    public SetError(String type, String description, List<String> properties) {
        super(description);
        this.type = type;
        this.properties = List.copyOf(properties);
    }

    public SetError(String type, String description) {
        this(type, description, List.of());
    }

    public static SetError invalidProperties(String description, String... properties) {
        return new SetError("invalidProperties", description, List.of(properties));
    }

    public static SetError notFound(String id) {
        return new SetError("notFound", "There is no object with id " + id);
    }

    /** Adds a type-specific property, such as invalidRecipients (RFC 8621 §7.5). */
    public SetError with(String name, com.fasterxml.jackson.databind.JsonNode value) {
        extra.set(name, value);
        return this;
    }

    public String type() {
        return type;
    }

    public ObjectNode toJson() {
        ObjectNode error = Json.object().put("type", type).put("description", getMessage());
        if (!properties.isEmpty()) {
            error.set("properties", Json.strings(properties));
        }
        error.setAll(extra);
        return error;
    }
}
