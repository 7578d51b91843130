package dev.coffer.smtp;

import java.time.Duration;

/**
 * The limits one SMTP listener enforces where input enters.
 *
 * @param maxMessageBytes     largest message accepted (advertised as {@code SIZE}, RFC 1870)
 * @param maxRecipients       recipients per transaction; more get {@code 452 4.5.3} (RFC 5321 §4.5.3.1.10)
 * @param maxConnectionsPerIp simultaneous sessions from one client address; more get {@code 421 4.7.0}
 * @param commandTimeout      how long the server waits for the next command or data block
 * @param maxErrors           error replies in one session before {@code 421 4.7.0} and close
 */
public record SmtpLimits(
        int maxMessageBytes,
        int maxRecipients,
        int maxConnectionsPerIp,
        Duration commandTimeout,
        int maxErrors) {

    public SmtpLimits {
        if (maxMessageBytes < 1 || maxRecipients < 1 || maxConnectionsPerIp < 1 || maxErrors < 1) {
            throw new IllegalArgumentException("SMTP limits must be positive");
        }
        if (commandTimeout == null || commandTimeout.isNegative() || commandTimeout.isZero()) {
            throw new IllegalArgumentException("the SMTP command timeout must be positive");
        }
    }

    /**
     * 50 MiB, 100 recipients (the minimum RFC 5321 §4.5.3.1.8 asks servers to accept),
     * 20 connections per address, 5 minutes (RFC 5321 §4.5.3.2.7), 10 errors.
     */
    public static SmtpLimits defaults() {
        return new SmtpLimits(50 * 1024 * 1024, 100, 20, Duration.ofMinutes(5), 10);
    }
}
