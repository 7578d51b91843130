package dev.coffer.crypto;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.generators.HKDFBytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;
import org.bouncycastle.crypto.params.HKDFParameters;

/**
 * Derives the login key and the key-unlocking key from an account password (DESIGN §4):
 * {@code master = Argon2id(password, salt)}, then two HKDF-SHA256 expansions of it.
 * Clients do exactly the same; the server runs this only for the CLI and for tests.
 */
public final class KeyDerivation {

    public static final int SALT_LENGTH = 16;
    private static final int KEY_LENGTH = 32;
    private static final byte[] AUTH_INFO = "coffer auth".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] KEY_INFO = "coffer key".getBytes(StandardCharsets.US_ASCII);
    private static final SecureRandom RANDOM = new SecureRandom();

    private KeyDerivation() {
    }

    /** A fresh random per-account salt (RFC 9106 §3.1 recommends 16 bytes). */
    public static byte[] newSalt() {
        byte[] salt = new byte[SALT_LENGTH];
        RANDOM.nextBytes(salt);
        return salt;
    }

    public static PasswordKeys derive(char[] password, byte[] salt, KdfParams params) {
        if (salt == null || salt.length < 8) {
            throw new IllegalArgumentException("the salt must be at least 8 bytes (RFC 9106 §3.1)");
        }
        byte[] passwordBytes = utf8(password);
        byte[] master = argon2id(passwordBytes, salt, new byte[0], new byte[0], params, KEY_LENGTH);
        Arrays.fill(passwordBytes, (byte) 0);
        try {
            return new PasswordKeys(
                    hkdfSha256(master, new byte[0], AUTH_INFO, KEY_LENGTH),
                    hkdfSha256(master, new byte[0], KEY_INFO, KEY_LENGTH));
        } finally {
            Arrays.fill(master, (byte) 0);
        }
    }

    /** Argon2id, version 0x13 (RFC 9106 §3.1), with optional secret and associated data. */
    static byte[] argon2id(byte[] password, byte[] salt, byte[] secret, byte[] associatedData,
                           KdfParams params, int length) {
        Argon2Parameters parameters = new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
                .withVersion(Argon2Parameters.ARGON2_VERSION_13)
                .withMemoryAsKB(params.memoryKiB())
                .withIterations(params.iterations())
                .withParallelism(params.parallelism())
                .withSalt(salt)
                .withSecret(secret)
                .withAdditional(associatedData)
                .build();
        Argon2BytesGenerator generator = new Argon2BytesGenerator();
        generator.init(parameters);
        byte[] tag = new byte[length];
        generator.generateBytes(password, tag);
        return tag;
    }

    /** HKDF-Extract then HKDF-Expand with SHA-256 (RFC 5869 §2). */
    static byte[] hkdfSha256(byte[] ikm, byte[] salt, byte[] info, int length) {
        HKDFBytesGenerator hkdf = new HKDFBytesGenerator(new SHA256Digest());
        hkdf.init(new HKDFParameters(ikm, salt, info));
        byte[] okm = new byte[length];
        hkdf.generateBytes(okm, 0, length);
        return okm;
    }

    private static byte[] utf8(char[] password) {
        ByteBuffer encoded = StandardCharsets.UTF_8.encode(CharBuffer.wrap(password));
        byte[] bytes = new byte[encoded.remaining()];
        encoded.get(bytes);
        if (encoded.hasArray()) {
            Arrays.fill(encoded.array(), (byte) 0);
        }
        return bytes;
    }
}
