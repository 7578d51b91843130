package dev.coffer.crypto;

/**
 * A freshly generated account key.
 *
 * @param publicKeyArmored the certificate, safe to publish (WKD, key servers)
 * @param secretKeyArmored the secret key, protected by the passphrase it was generated with
 * @param fingerprint      the v4 fingerprint (RFC 4880 §12.2), 40 uppercase hex digits
 */
public record AccountKeyPair(String publicKeyArmored, String secretKeyArmored, String fingerprint) {
}
