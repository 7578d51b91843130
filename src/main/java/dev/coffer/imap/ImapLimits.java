package dev.coffer.imap;

import java.time.Duration;

/**
 * The limits one IMAP listener enforces where input enters.
 *
 * @param maxLineOctets       longest command line (without literals); longer lines get {@code BAD}
 * @param maxLiteralOctets    largest literal outside APPEND (APPEND uses the service's APPENDLIMIT)
 * @param maxConnectionsPerIp simultaneous sessions from one client address; more get {@code * BYE}
 * @param autologout          how long a session may stay silent, IDLE included (RFC 9051 §5.4: at least 30 minutes)
 * @param maxFailedCommands   {@code BAD} responses in one session before {@code * BYE} and close
 * @param outputBufferOctets  output buffered per session; the rest waits on the client reading
 * @param writeTimeout        how long one write may block on a client that does not read before it is dropped
 */
public record ImapLimits(
        int maxLineOctets,
        int maxLiteralOctets,
        int maxConnectionsPerIp,
        Duration autologout,
        int maxFailedCommands,
        int outputBufferOctets,
        Duration writeTimeout) {

    public ImapLimits {
        if (maxLineOctets < 1024 || maxLiteralOctets < 1 || maxConnectionsPerIp < 1 || maxFailedCommands < 1
                || outputBufferOctets < 1024) {
            throw new IllegalArgumentException("IMAP limits must be positive (lines at least 1 KiB)");
        }
        if (autologout == null || autologout.isNegative() || autologout.isZero()
                || writeTimeout == null || writeTimeout.isNegative() || writeTimeout.isZero()) {
            throw new IllegalArgumentException("IMAP timeouts must be positive");
        }
    }

    /**
     * 64 KiB lines and literals, 20 connections per address, 30 minutes, 20 errors, 60 s writes;
     * 16 KiB of output buffered per session, held only from a response's first write to its flush:
     * one full TLS record (RFC 8446 §5.1: at most 2^14 octets of data) per write to the socket.
     */
    public static ImapLimits defaults() {
        return new ImapLimits(64 * 1024, 64 * 1024, 20, Duration.ofMinutes(30), 20, 16 * 1024, Duration.ofSeconds(60));
    }

    public ImapLimits withAutologout(Duration autologout) {
        return new ImapLimits(maxLineOctets, maxLiteralOctets, maxConnectionsPerIp, autologout, maxFailedCommands,
                outputBufferOctets, writeTimeout);
    }
}
