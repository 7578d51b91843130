package dev.coffer.queue;

import java.time.Duration;

/**
 * How long the SMTP client waits at each step. The defaults are RFC 5321 §4.5.3.2's
 * minimums; a connect timeout is not in the RFC and is ours.
 */
public record SmtpTimeouts(
        Duration connect, Duration greeting, Duration command, Duration dataInitiation, Duration dataBlock,
        Duration dataTermination) {

    public SmtpTimeouts {
        for (Duration timeout : new Duration[] {connect, greeting, command, dataInitiation, dataBlock, dataTermination}) {
            if (timeout == null || timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("SMTP client timeouts must be positive");
            }
        }
    }

    /**
     * RFC 5321 §4.5.3.2: initial 220 5 min (§4.5.3.2.1), MAIL and RCPT 5 min (.2, .3), DATA
     * initiation 2 min (.4), each data block 3 min (.5), DATA termination 10 min (.6).
     */
    public static SmtpTimeouts rfc5321() {
        return new SmtpTimeouts(Duration.ofSeconds(30), Duration.ofMinutes(5), Duration.ofMinutes(5),
                Duration.ofMinutes(2), Duration.ofMinutes(3), Duration.ofMinutes(10));
    }

    /** One short timeout for every step (tests). */
    public static SmtpTimeouts all(Duration timeout) {
        return new SmtpTimeouts(timeout, timeout, timeout, timeout, timeout, timeout);
    }
}
