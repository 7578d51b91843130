package dev.coffer.account;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Locale;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Salts for addresses that have no account (or no recovery phrase): HMAC-SHA256 of the address
 * under a node secret, so each is random-looking and the same on every request, and the answer
 * does not tell whether the address exists.
 */
final class FakeSalts {

    static final int SALT_BYTES = 16;

    private final byte[] key;

    FakeSalts(byte[] key) {
        this.key = key.clone();
    }

    /** @param purpose keeps the password's and the recovery phrase's fake salts apart */
    byte[] of(String purpose, String address) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            mac.update(purpose.getBytes(StandardCharsets.US_ASCII));
            mac.update((byte) 0);
            String normalized = address == null ? "" : address.strip().toLowerCase(Locale.ROOT);
            return Arrays.copyOf(mac.doFinal(normalized.getBytes(StandardCharsets.UTF_8)), SALT_BYTES);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this JDK", e);
        }
    }
}
