package dev.coffer.dns;

import java.util.List;

/**
 * TLSA records (RFC 6698 §2.1). DANE applies only when {@code dnssecValid} (RFC 7672 §2.2).
 */
public record TlsaLookup(List<TlsaRecord> records, boolean dnssecValid) {

    /** usage 3 = DANE-EE, 2 = DANE-TA; selector 1 = SubjectPublicKeyInfo, 0 = full cert; matching 1 = SHA-256, 2 = SHA-512, 0 = exact. */
    public record TlsaRecord(int usage, int selector, int matchingType, byte[] data) {}
}
