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

    public String type() {
        return type;
    }

    public ObjectNode toJson() {
        ObjectNode error = Json.object().put("type", type).put("description", getMessage());
        if (!properties.isEmpty()) {
            error.set("properties", Json.strings(properties));
        }
        return error;
    }
}
