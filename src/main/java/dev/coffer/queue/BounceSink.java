package dev.coffer.queue;

import java.io.IOException;

/**
 * Where delivery status notifications go. Bounces go to the message's reverse-path, which
 * for submitted mail is a local account: the server wires this to local delivery (so the DSN
 * is encrypted to the sender like any other mail), or to the queue for a remote sender.
 */
@FunctionalInterface
public interface BounceSink {

    /**
     * Delivers one DSN (a complete RFC 6522 {@code multipart/report} message, CRLF line ends)
     * to {@code recipient}; returns once it is durable, throws if it could not be delivered now.
     */
    void deliver(String recipient, byte[] dsn) throws IOException;
}
