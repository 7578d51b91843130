package dev.coffer.jmap.keys;

import dev.coffer.jmap.JmapCapability;
import dev.coffer.jmap.standard.Json;

/**
 * {@code urn:coffer:params:jmap:keys}: what JMAP lacks for end-to-end encryption — the account's
 * own key material, and recipients' public keys (local directory, then WKD).
 */
public final class KeysCapability {

    public static final String URI = "urn:coffer:params:jmap:keys";
    /** The most addresses one RecipientKey/lookup may name. */
    public static final int MAX_ADDRESSES_PER_LOOKUP = 20;

    private KeysCapability() {}

    public static JmapCapability create() {
        return new JmapCapability(URI, Json.object().put("maxAddressesPerLookup", MAX_ADDRESSES_PER_LOOKUP),
                Json.object());
    }
}
