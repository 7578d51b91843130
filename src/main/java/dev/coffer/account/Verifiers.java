package dev.coffer.account;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Verifiers for high-entropy secrets (a client's authKey, an app password): salted
 * SHA-256, as DESIGN §4 allows: the secrets are random (256 bits for authKey, over 80
 * for an app password), so a slow hash would add nothing.
 * Format: {@code sha256$<salt b64>$<digest b64>}.
 */
public final class Verifiers {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String SCHEME = "sha256";

    private Verifiers() {}

    public static String create(byte[] secret) {
        byte[] salt = new byte[16];
        RANDOM.nextBytes(salt);
        return SCHEME + "$" + b64(salt) + "$" + b64(digest(salt, secret));
    }

    public static String create(String secret) {
        return create(secret.getBytes(StandardCharsets.UTF_8));
    }

    public static boolean matches(String verifier, byte[] secret) {
        String[] parts = verifier.split("\\$");
        if (parts.length != 3 || !parts[0].equals(SCHEME)) {
            return false;
        }
        byte[] salt = Base64.getDecoder().decode(parts[1]);
        byte[] expected = Base64.getDecoder().decode(parts[2]);
        return MessageDigest.isEqual(expected, digest(salt, secret));
    }

    public static boolean matches(String verifier, String secret) {
        return matches(verifier, secret.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * An unsalted SHA-256 (hex) of a random token, to find it by: for tokens of 80 bits or more
     * (session tokens, invite codes) a stolen table of these gives the tokens away no more than a
     * salted one would, and lookups need the same hash every time.
     */
    public static String tokenHash(String token) {
        return java.util.HexFormat.of().formatHex(digest(new byte[0], token.getBytes(StandardCharsets.US_ASCII)));
    }

    private static byte[] digest(byte[] salt, byte[] secret) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            sha256.update(salt);
            return sha256.digest(secret);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }

    private static String b64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }
}
