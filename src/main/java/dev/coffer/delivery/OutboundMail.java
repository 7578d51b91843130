package dev.coffer.delivery;

import java.util.List;

/**
 * How delivery sends mail on (Sieve redirect, vacation replies, refusal notices): through
 * the outbound queue, signed and sealed by the server. Returns once the message is durable.
 */
@FunctionalInterface
public interface OutboundMail {

    /**
     * @param reversePath the envelope sender; empty for the null sender of automatic replies
     * @param forwarded   true when the message is someone else's mail sent on (redirect): it is
     *                    ARC-sealed (RFC 8617 §5.1) rather than DKIM-signed as ours
     */
    void send(String reversePath, List<String> recipients, byte[] message, boolean forwarded)
            throws DeliveryException;
}
