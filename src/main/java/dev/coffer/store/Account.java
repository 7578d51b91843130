package dev.coffer.store;

import java.time.Instant;

/**
 * A stored account. The server holds the Argon2id parameters and salt (so clients can
 * derive keys), a verifier of the client-derived {@code authKey}, the public key, and the
 * secret key protected by a passphrase only the client can derive (DESIGN §4).
 *
 * @param secretKey the armored, passphrase-protected secret key; null when the user keeps
 *                  their secret key off the server
 * @param lockedAt  when the user asked for the account's deletion (it is locked from then on
 *                  until it is shredded), or null for an active account
 */
public record Account(
        long id,
        long domainId,
        String address,
        Credentials credentials,
        String publicKey,
        String secretKey,
        String keyFingerprint,
        Instant createdAt,
        Instant lockedAt) {

    /** Whether the account is locked for deletion: no logins, no mail. */
    public boolean locked() {
        return lockedAt != null;
    }

    /** What the server stores to let the client derive its keys and to check its authKey. */
    public record Credentials(
            String kdfSalt, int kdfMemoryKiB, int kdfIterations, int kdfParallelism, String authVerifier) {}
}
