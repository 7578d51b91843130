package dev.coffer.smtp;

import java.util.List;

/**
 * The SMTP envelope of one message.
 *
 * @param reversePath   the {@code MAIL FROM} address, empty for the null reverse-path {@code <>}
 * @param recipients    the accepted {@code RCPT TO} addresses, in order, without duplicates
 * @param heloName      the name the client gave in EHLO/HELO; null for submitted mail, whose
 *                      client-identifying names are not passed on (DESIGN §2 Outbound)
 * @param tlsProtocol   the negotiated TLS protocol (e.g. TLSv1.3), or null when in clear
 * @param smtpUtf8      whether the client asked for SMTPUTF8 on MAIL FROM
 * @param body          the body type the client declared with BODY= (RFC 6152)
 * @param requireTls    whether the client asked for REQUIRETLS on MAIL FROM (RFC 8689 §4.1): every
 *                      onward hop must use verified TLS, or the message bounces
 */
public record Envelope(
        String reversePath,
        List<String> recipients,
        String heloName,
        String tlsProtocol,
        boolean smtpUtf8,
        Body body,
        boolean requireTls) {

    /** The body types of RFC 6152 and RFC 3030; 7BIT when the client declares none. */
    public enum Body { SEVEN_BIT, EIGHT_BIT_MIME, BINARY_MIME }

    public Envelope {
        recipients = List.copyOf(recipients);
        if (body == null) {
            body = Body.SEVEN_BIT;
        }
    }

    /** An envelope without REQUIRETLS. */
    public Envelope(String reversePath, List<String> recipients, String heloName, String tlsProtocol, boolean smtpUtf8,
                    Body body) {
        this(reversePath, recipients, heloName, tlsProtocol, smtpUtf8, body, false);
    }

    /** An envelope without a declared body type (7BIT) and without REQUIRETLS. */
    public Envelope(String reversePath, List<String> recipients, String heloName, String tlsProtocol, boolean smtpUtf8) {
        this(reversePath, recipients, heloName, tlsProtocol, smtpUtf8, Body.SEVEN_BIT, false);
    }
}
