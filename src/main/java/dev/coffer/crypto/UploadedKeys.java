package dev.coffer.crypto;

import java.util.Locale;
import org.bouncycastle.bcpg.SecretKeyPacket;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPSecretKey;
import org.bouncycastle.openpgp.operator.PBESecretKeyDecryptor;
import org.bouncycastle.openpgp.operator.bc.BcPBESecretKeyDecryptorBuilder;
import org.bouncycastle.openpgp.operator.bc.BcPGPDigestCalculatorProvider;
import org.bouncycastle.openpgp.api.OpenPGPCertificate;
import org.bouncycastle.openpgp.api.OpenPGPKey;

/**
 * Checks the keys a client uploads when it signs up or changes its password (DESIGN §4): the
 * certificate names the account's address and can receive encrypted mail, and the secret key
 * is that certificate's, with every secret part passphrase-protected — the server must never
 * hold a key it could use.
 */
public final class UploadedKeys {

    private UploadedKeys() {}

    /**
     * @return the certificate's fingerprint
     * @throws KeyFormatException naming what is wrong
     */
    public static String check(String address, String publicKeyArmored, String secretKeyArmored) {
        OpenPGPCertificate certificate = OpenPgp.readCertificate(publicKeyArmored);
        String wanted = address.toLowerCase(Locale.ROOT);
        boolean named = certificate.getAllUserIds().stream()
                .map(userId -> userId.getUserId().toLowerCase(Locale.ROOT))
                .anyMatch(userId -> userId.equals(wanted) || userId.endsWith("<" + wanted + ">"));
        if (!named) {
            throw new KeyFormatException("the public key has no user ID for " + address);
        }
        if (certificate.getEncryptionKeys().isEmpty()) {
            throw new KeyFormatException("the public key has no key that can receive encrypted mail");
        }
        if (secretKeyArmored != null) {
            checkSecretKey(certificate, secretKeyArmored);
        }
        return OpenPgp.fingerprint(certificate);
    }

    /**
     * The same key, and no secret part stored in the clear (RFC 9580 §3.7.2.1: S2K usage 0) or
     * under an empty passphrase.
     */
    public static void checkSecretKey(String publicKeyArmored, String secretKeyArmored) {
        checkSecretKey(OpenPgp.readCertificate(publicKeyArmored), secretKeyArmored);
    }

    private static boolean opensWith(PGPSecretKey secret, PBESecretKeyDecryptor decryptor) {
        try {
            return secret.extractPrivateKey(decryptor) != null;
        } catch (PGPException e) {
            return false;
        }
    }

    private static void checkSecretKey(OpenPGPCertificate certificate, String secretKeyArmored) {
        OpenPGPKey key = OpenPgp.readKey(secretKeyArmored);
        if (!OpenPgp.fingerprint(key).equals(OpenPgp.fingerprint(certificate))) {
            throw new KeyFormatException("the secret key does not belong to the public key");
        }
        PBESecretKeyDecryptor emptyPassphrase = new BcPBESecretKeyDecryptorBuilder(new BcPGPDigestCalculatorProvider())
                .build(new char[0]);
        for (PGPSecretKey secret : key.getPGPSecretKeyRing()) {
            if (secret.getS2KUsage() == SecretKeyPacket.USAGE_NONE || opensWith(secret, emptyPassphrase)) {
                throw new KeyFormatException("the secret key is not protected by a passphrase;"
                        + " the server must never hold a usable key");
            }
        }
    }
}
