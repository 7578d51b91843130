package dev.coffer.managesieve;

import java.time.Duration;

/**
 * The limits one ManageSieve listener enforces where input enters.
 *
 * @param maxLineOctets       longest command line outside literals, CRLF included
 * @param maxLiteralOctets    largest literal a client may send; a larger one ends the session with BYE
 * @param idleTimeout         how long a session may be idle before it is closed
 * @param maxErrors           NO responses (failed logins included) before the server says BYE
 * @param maxConnectionsPerIp simultaneous sessions from one client address
 */
public record ManageSieveLimits(int maxLineOctets, int maxLiteralOctets, Duration idleTimeout, int maxErrors,
                                int maxConnectionsPerIp) {

    public ManageSieveLimits {
        if (maxLineOctets < 512 || maxLiteralOctets < 1 || maxErrors < 1 || maxConnectionsPerIp < 1) {
            throw new IllegalArgumentException("ManageSieve limits must be positive (lines at least 512 octets)");
        }
        if (idleTimeout == null || idleTimeout.isNegative() || idleTimeout.isZero()) {
            throw new IllegalArgumentException("the ManageSieve idle timeout must be positive");
        }
    }

    /** 8 KiB lines, 1 MiB literals (scripts themselves are limited lower), 10 minutes idle, 10 errors, 10 connections. */
    public static ManageSieveLimits defaults() {
        return new ManageSieveLimits(8 * 1024, 1024 * 1024, Duration.ofMinutes(10), 10, 10);
    }
}
