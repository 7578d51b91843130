package dev.coffer.jmap.vacation;

import dev.coffer.jmap.JmapCapability;
import dev.coffer.jmap.standard.Json;

/** {@code urn:ietf:params:jmap:vacationresponse} (RFC 8621 §1.3.3): an empty object in both places. */
public final class VacationCapability {

    public static final String URI = "urn:ietf:params:jmap:vacationresponse";

    private VacationCapability() {}

    public static JmapCapability create() {
        return new JmapCapability(URI, Json.object(), Json.object());
    }
}
