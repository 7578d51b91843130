package dev.coffer.smtp;

import dev.coffer.store.Account;

/**
 * What the submission listeners (RFC 6409: 465 with implicit TLS, 587 with STARTTLS) need
 * from the rest of Coffer once a client has authenticated with an app password.
 */
public interface Submission {

    /** Whether the account may send as this address: its own, its aliases, their sub-addresses. */
    boolean ownsAddress(Account account, String address);

    /**
     * Sends a message: signs it, keeps a copy in the sender's Sent mailbox (encrypted to the
     * sender's key), delivers local recipients and queues the others. Returns once durable.
     *
     * @param message as received, with the server's privacy-preserving {@code Received} header
     *                prepended and client trace headers removed
     */
    DeliveryOutcome submit(Account account, Envelope envelope, byte[] message);
}
