package dev.coffer.mailauth;

/**
 * Checks who really sent an inbound message: SPF, DKIM, ARC and DMARC together. Never
 * throws for anything the sender controls; DNS trouble comes back as temperror results.
 */
@FunctionalInterface
public interface MessageAuthenticator {

    /** @param message the message as received, CRLF line endings, before any header of ours is added */
    AuthenticationReport authenticate(MessageOrigin origin, byte[] message);
}
