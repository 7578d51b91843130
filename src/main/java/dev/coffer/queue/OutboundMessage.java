package dev.coffer.queue;

import java.util.List;

/**
 * A message to deliver to remote recipients.
 *
 * @param reversePath  the envelope sender (bounces go there); empty for the null sender
 * @param recipients   remote recipient addresses
 * @param message      the complete message, already DKIM-signed
 * @param requireTls   RFC 8689 REQUIRETLS, or the sender's "TLS required" setting: deliver only over
 *                     verified TLS (MTA-STS or DANE), else bounce
 * @param envelopeId   RFC 3461 ENVID, or null
 */
public record OutboundMessage(
        String reversePath, List<String> recipients, byte[] message, boolean requireTls, String envelopeId) {

    public OutboundMessage {
        recipients = List.copyOf(recipients);
    }
}
