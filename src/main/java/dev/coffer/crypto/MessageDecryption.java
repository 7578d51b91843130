package dev.coffer.crypto;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.api.OpenPGPCertificate;
import org.bouncycastle.openpgp.api.OpenPGPKey;
import org.bouncycastle.openpgp.api.OpenPGPMessageProcessor;

/**
 * Gives back the original message from what {@link MessageEncryption#encryptForStorage} stored.
 * Runs where the key may be unlocked: the CLI, the bridge, tests; the server itself never holds the
 * passphrase. Messages stored as they came (already PGP/MIME) are their own original.
 */
public final class MessageDecryption {

    private MessageDecryption() {
    }

    /**
     * @return the original message, byte for byte
     * @throws WrongPassphraseException if {@code passphrase} does not unlock the encryption subkey
     * @throws MessageFormatException   if {@code stored} is not a message Coffer encrypted for storage
     *                                  or is not encrypted to this key
     */
    public static byte[] decryptStored(byte[] stored, String secretKeyArmored, char[] passphrase) {
        String armored = PgpMime.armoredPart(stored);
        OpenPGPKey key = OpenPgp.readKey(secretKeyArmored);
        requireUnlockable(key, passphrase);
        byte[] cleartext;
        OpenPGPMessageProcessor processor = new OpenPGPMessageProcessor(OpenPgp.IMPLEMENTATION)
                .addDecryptionKey(key, passphrase.clone());
        try (InputStream in = processor.process(new ByteArrayInputStream(armored.getBytes(StandardCharsets.US_ASCII)))) {
            cleartext = in.readAllBytes();
        } catch (IOException | PGPException | RuntimeException e) {
            throw new MessageFormatException("cannot decrypt the stored message with this key: " + e.getMessage(), e);
        }
        return HeaderProtection.unprotect(cleartext);
    }

    private static void requireUnlockable(OpenPGPKey key, char[] passphrase) {
        boolean anyEncryptionKey = false;
        for (OpenPGPCertificate.OpenPGPComponentKey encryptionKey : key.getEncryptionKeys()) {
            OpenPGPKey.OpenPGPSecretKey secretKey = key.getSecretKey(encryptionKey);
            if (secretKey == null) {
                continue;
            }
            anyEncryptionKey = true;
            if (secretKey.isPassphraseCorrect(passphrase)) {
                return;
            }
        }
        if (!anyEncryptionKey) {
            throw new KeyFormatException("the OpenPGP secret key has no usable encryption subkey");
        }
        throw new WrongPassphraseException(null);
    }
}
