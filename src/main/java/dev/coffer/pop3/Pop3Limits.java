package dev.coffer.pop3;

import java.time.Duration;

/**
 * The limits one POP3 listener enforces where input enters.
 *
 * @param maxLineOctets       longest command line, CRLF included; longer lines get {@code -ERR} and count as errors
 * @param idleTimeout         RFC 1939 §3: how long a session may be idle before it is closed, silently and
 *                            without deleting anything
 * @param maxErrors           {@code -ERR} replies (failed logins included) before the server closes the session
 * @param maxConnectionsPerIp simultaneous sessions from one client address; more are refused at the greeting
 */
public record Pop3Limits(int maxLineOctets, Duration idleTimeout, int maxErrors, int maxConnectionsPerIp) {

    /** RFC 2449 §4: a command line is at most 255 octets; we accept up to this many. */
    static final int MIN_LINE_OCTETS = 255;

    public Pop3Limits {
        if (maxLineOctets < MIN_LINE_OCTETS) {
            throw new IllegalArgumentException("the POP3 line limit must be at least " + MIN_LINE_OCTETS + " octets");
        }
        if (maxErrors < 1 || maxConnectionsPerIp < 1) {
            throw new IllegalArgumentException("POP3 limits must be positive");
        }
        if (idleTimeout == null || idleTimeout.isNegative() || idleTimeout.isZero()) {
            throw new IllegalArgumentException("the POP3 idle timeout must be positive");
        }
    }

    /**
     * 512 octets (RFC 2449 §4 asks for 255; a little leniency for long user names),
     * 10 minutes (the minimum autologout timer of RFC 1939 §3), 10 errors, 20 connections per address.
     */
    public static Pop3Limits defaults() {
        return new Pop3Limits(512, Duration.ofMinutes(10), 10, 20);
    }
}
