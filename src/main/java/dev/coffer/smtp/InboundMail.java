package dev.coffer.smtp;

import java.net.InetAddress;

/**
 * What the SMTP server needs from the rest of Coffer to receive mail. The SMTP package
 * knows nothing about accounts or storage; it asks this service about each recipient and
 * hands over each complete message.
 */
public interface InboundMail {

    /** Decides whether {@code RCPT TO} may name this address (already stripped of {@code <>}). */
    RecipientCheck checkRecipient(String address);

    /**
     * Delivers one message to all accepted recipients. Returns only once the message is
     * durable for every recipient (fsync'd and committed), or failed as a whole.
     *
     * @param client  the address of the server that sent it
     * @param message the message as received, with the server's {@code Received} header
     *                already prepended, CRLF line endings, dot-unstuffed
     */
    DeliveryOutcome deliver(Envelope envelope, InetAddress client, byte[] message);
}
