package dev.coffer.smtp;

import java.util.List;

/**
 * The SMTP envelope of one message.
 *
 * @param reversePath   the {@code MAIL FROM} address, empty for the null reverse-path {@code <>}
 * @param recipients    the accepted {@code RCPT TO} addresses, in order, without duplicates
 * @param heloName      the name the client gave in EHLO/HELO
 * @param tlsProtocol   the negotiated TLS protocol (e.g. TLSv1.3), or null when in clear
 * @param smtpUtf8      whether the client asked for SMTPUTF8 on MAIL FROM
 */
public record Envelope(
        String reversePath,
        List<String> recipients,
        String heloName,
        String tlsProtocol,
        boolean smtpUtf8,
        Body body) {

    /** The body types of RFC 6152 and RFC 3030; 7BIT when the client declares none. */
    public enum Body { SEVEN_BIT, EIGHT_BIT_MIME, BINARY_MIME }

    public Envelope {
        recipients = List.copyOf(recipients);
        if (body == null) {
            body = Body.SEVEN_BIT;
        }
    }

    /** An envelope without a declared body type (7BIT). */
    public Envelope(String reversePath, List<String> recipients, String heloName, String tlsProtocol, boolean smtpUtf8) {
        this(reversePath, recipients, heloName, tlsProtocol, smtpUtf8, Body.SEVEN_BIT);
    }
}
