package dev.coffer.jmap;

import dev.coffer.store.Account;
import java.util.Optional;

/**
 * The message bytes an EmailSubmission sends for an Email (RFC 8621 §7). The stored copy
 * is encrypted to the user's own key, so the server can send only what the client gave it
 * for sending: the bytes it uploaded or composed, kept in memory (or encrypted with a
 * key that lives only in memory) for a limited time, never as plaintext on disk.
 */
public interface OutgoingMessages {

    /** The bytes to send for this Email, or empty when the server no longer holds them. */
    Optional<byte[]> forSubmission(Account account, String emailId);
}
