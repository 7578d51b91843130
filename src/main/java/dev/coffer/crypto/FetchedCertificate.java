package dev.coffer.crypto;

import java.io.IOException;
import java.util.Locale;
import org.bouncycastle.openpgp.api.OpenPGPCertificate;
import org.bouncycastle.openpgp.api.OpenPGPKeyReader;

/**
 * A recipient's public key as fetched from elsewhere (a Web Key Directory): checked to name the
 * address in a user ID and to be able to receive encrypted mail, and given back armored.
 */
public record FetchedCertificate(String armored, String fingerprint) {

    /**
     * @param data a binary (or armored) transferable public key
     * @throws KeyFormatException when it does not parse, names another address, or cannot encrypt
     */
    public static FetchedCertificate read(byte[] data, String address) {
        OpenPGPCertificate certificate;
        try {
            certificate = new OpenPGPKeyReader(OpenPgp.IMPLEMENTATION).parseCertificate(data);
        } catch (IOException | RuntimeException e) {
            throw new KeyFormatException("cannot read the OpenPGP public key: " + e.getMessage(), e);
        }
        if (certificate.isSecretKey()) {
            throw new KeyFormatException("a secret key was served where a public key was expected");
        }
        String wanted = address.toLowerCase(Locale.ROOT);
        // draft-koch-openpgp-webkey-service §3.1: the key must carry a user ID with the address
        boolean named = certificate.getAllUserIds().stream()
                .map(userId -> userId.getUserId().toLowerCase(Locale.ROOT))
                .anyMatch(userId -> userId.equals(wanted) || userId.endsWith("<" + wanted + ">"));
        if (!named) {
            throw new KeyFormatException("the key has no user ID for " + address);
        }
        if (certificate.getEncryptionKeys().isEmpty()) {
            throw new KeyFormatException("the key has no key that can receive encrypted mail");
        }
        return new FetchedCertificate(OpenPgp.armor(certificate), OpenPgp.fingerprint(certificate));
    }
}
