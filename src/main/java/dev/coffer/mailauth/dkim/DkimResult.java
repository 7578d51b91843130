package dev.coffer.mailauth.dkim;

/**
 * The outcome for one DKIM-Signature field, named as in RFC 8601 §2.7.1. Reasons are for
 * logs and Authentication-Results comments; they never contain key material.
 */
public sealed interface DkimResult {

    /**
     * The signature verified. {@code bodyLengthLimited} is true when l= covered less than the
     * whole body: content may have been appended after signing (RFC 6376 §8.2), so trust
     * decisions should not count such a pass.
     */
    record Pass(String domain, String selector, DkimAlgorithm algorithm, boolean bodyLengthLimited)
            implements DkimResult {}

    /**
     * The signature was well-formed but does not hold for this message: bad signature, body
     * hash mismatch, expired, revoked key, From not signed, RSA key under 1024 bits.
     */
    record Fail(String domain, String selector, String reason) implements DkimResult {}

    /** The key record could not be fetched for now (DNS); trying later may succeed. */
    record TempError(String reason) implements DkimResult {}

    /**
     * The signature cannot be evaluated, now or later: syntax error, unknown algorithm,
     * missing key record, key type mismatch, contradictory t=/x=.
     */
    record PermError(String reason) implements DkimResult {}

    /** Signatures that were present but not evaluated (beyond the per-message limit). */
    record Neutral(String reason) implements DkimResult {}

    /** The message carries no DKIM-Signature field. */
    record None() implements DkimResult {}
}
