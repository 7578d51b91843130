package dev.coffer.queue;

import dev.coffer.crypto.SecretFile;
import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The node queue key: AES-256-GCM over queued messages, which are plaintext mail and must
 * never reach the disk in clear (DESIGN §1.1). The key lives in {@code DATA/queue.key}
 * (32 random bytes, mode 0600), created on first use. Each sealed blob is
 * {@code version || nonce (12) || ciphertext+tag}, with its own random nonce.
 */
public final class QueueKey {

    private static final byte VERSION = 1;
    private static final int KEY_BYTES = 32;
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    /** Binds a blob to its purpose: a queue blob cannot be passed off as anything else. */
    private static final byte[] ASSOCIATED_DATA = "coffer queue v1".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private final SecretKey key;
    private final SecureRandom random = new SecureRandom();

    private QueueKey(byte[] key) {
        this.key = new SecretKeySpec(key, "AES");
    }

    /** Loads {@code DATA/queue.key}, creating it (0600) if it does not exist yet. */
    public static QueueKey loadOrCreate(Path dataDir) throws IOException {
        return new QueueKey(SecretFile.loadOrCreate(dataDir.resolve("queue.key"), KEY_BYTES));
    }

    /** Encrypts a message for the queue. */
    public byte[] seal(byte[] plaintext) {
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(ASSOCIATED_DATA);
            byte[] sealed = new byte[1 + NONCE_BYTES + cipher.getOutputSize(plaintext.length)];
            sealed[0] = VERSION;
            System.arraycopy(nonce, 0, sealed, 1, NONCE_BYTES);
            cipher.doFinal(plaintext, 0, plaintext.length, sealed, 1 + NONCE_BYTES);
            return sealed;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available: " + e.getMessage(), e);
        }
    }

    /** Decrypts a queue blob; fails if it was altered or sealed with another key. */
    public byte[] open(byte[] sealed) throws IOException {
        if (sealed.length < 1 + NONCE_BYTES || sealed[0] != VERSION) {
            throw new IOException("not a queue blob");
        }
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key,
                    new GCMParameterSpec(TAG_BITS, Arrays.copyOfRange(sealed, 1, 1 + NONCE_BYTES)));
            cipher.updateAAD(ASSOCIATED_DATA);
            return cipher.doFinal(sealed, 1 + NONCE_BYTES, sealed.length - 1 - NONCE_BYTES);
        } catch (GeneralSecurityException e) {
            throw new IOException("the queue blob cannot be decrypted (altered, or another node's key)", e);
        }
    }
}
