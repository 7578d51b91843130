package dev.coffer.crypto;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.PGPPublicKeyRing;
import org.bouncycastle.openpgp.PGPUserAttributeSubpacketVector;

/**
 * A public key as it is published for one address: the transferable public key (RFC 4880 §11.1)
 * with every user ID but that address's removed, so a lookup reveals no other address of the owner
 * (draft-koch-openpgp-webkey-service §3.1).
 */
public final class PublishedCertificate {

    private PublishedCertificate() {}

    /**
     * The binary certificate keeping only the user ID of {@code address} (as {@code <address>} or
     * bare, compared ignoring ASCII case); empty when the key has no such user ID.
     */
    public static Optional<byte[]> forAddress(String armoredPublicKey, String address) {
        PGPPublicKeyRing ring = OpenPgp.readCertificate(armoredPublicKey).getPGPPublicKeyRing();
        PGPPublicKey primary = ring.getPublicKey();
        List<String> others = new ArrayList<>();
        boolean found = false;
        for (Iterator<String> ids = primary.getUserIDs(); ids.hasNext(); ) {
            String id = ids.next();
            if (!found && addressOf(id).equals(address.toLowerCase(Locale.ROOT))) {
                found = true;
            } else {
                others.add(id);
            }
        }
        if (!found) {
            return Optional.empty();
        }
        PGPPublicKey stripped = primary;
        for (String id : others) {
            stripped = PGPPublicKey.removeCertification(stripped, id);
        }
        List<PGPUserAttributeSubpacketVector> attributes = new ArrayList<>();
        primary.getUserAttributes().forEachRemaining(attributes::add);
        for (PGPUserAttributeSubpacketVector attribute : attributes) {
            stripped = PGPPublicKey.removeCertification(stripped, attribute);
        }
        try {
            return Optional.of(PGPPublicKeyRing.insertPublicKey(ring, stripped).getEncoded(true));
        } catch (IOException e) {
            throw new KeyFormatException("cannot encode the OpenPGP public key: " + e.getMessage(), e);
        }
    }

    /** The address of a user ID such as {@code Name <a@b>}, or the whole ID when it has no angle brackets. */
    static String addressOf(String userId) {
        int open = userId.lastIndexOf('<');
        int close = userId.lastIndexOf('>');
        String address = open >= 0 && close > open ? userId.substring(open + 1, close) : userId;
        return address.strip().toLowerCase(Locale.ROOT);
    }
}
