package dev.coffer.mailauth.dkim;

import java.util.Optional;

/**
 * The signing algorithms this package signs and accepts (RFC 6376 §3.3, RFC 8463 §3).
 * {@code rsa-sha1} is deliberately absent: RFC 8301 §3.1 says verifiers MUST NOT consider
 * it valid.
 */
public enum DkimAlgorithm {
    /** RFC 6376 §3.3.1: RSASSA-PKCS1-v1_5 with SHA-256. */
    RSA_SHA256("rsa-sha256", "rsa"),
    /** RFC 8463 §3: Ed25519 over the SHA-256 hash of the header data. */
    ED25519_SHA256("ed25519-sha256", "ed25519");

    private final String tagValue;
    private final String keyType;

    DkimAlgorithm(String tagValue, String keyType) {
        this.tagValue = tagValue;
        this.keyType = keyType;
    }

    /** The value of the a= tag, e.g. {@code ed25519-sha256}. */
    public String tagValue() {
        return tagValue;
    }

    /** The k= value of the key record this algorithm needs (RFC 6376 §3.6.1). */
    public String keyType() {
        return keyType;
    }

    /** Compared without case: {@code RSA-SHA256} is seen in the wild and harmless. */
    public static Optional<DkimAlgorithm> fromTagValue(String value) {
        for (DkimAlgorithm a : values()) {
            if (a.tagValue.equalsIgnoreCase(value)) {
                return Optional.of(a);
            }
        }
        return Optional.empty();
    }
}
