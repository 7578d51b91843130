package dev.coffer.queue;

import java.time.Duration;
import java.time.Instant;

/**
 * When to try a deferred message again, and when to give up. RFC 5321 §4.5.4.1 asks for
 * at least 30 minutes between tries and 4–5 days before giving up; the first retry here
 * comes sooner because most deferrals (greylisting) clear within minutes.
 *
 * @param firstRetry   the wait after the first failed round; each later wait doubles
 * @param maxRetry     the longest wait between rounds
 * @param giveUpAfter  how long after queueing a message is bounced
 * @param warnAfter    how long after queueing the sender is told the message is delayed
 */
public record RetrySchedule(Duration firstRetry, Duration maxRetry, Duration giveUpAfter, Duration warnAfter) {

    public RetrySchedule {
        if (firstRetry.isNegative() || firstRetry.isZero() || maxRetry.compareTo(firstRetry) < 0) {
            throw new IllegalArgumentException("retry waits must be positive and the cap at least the first wait");
        }
    }

    /** 5 min, 10, 20, 40, … capped at 4 h; bounce after 5 days; delay warning after 4 h. */
    public static RetrySchedule defaults() {
        return new RetrySchedule(Duration.ofMinutes(5), Duration.ofHours(4), Duration.ofDays(5), Duration.ofHours(4));
    }

    /** The wait after {@code failedRounds} (≥ 1) unsuccessful rounds. */
    public Duration delayAfter(int failedRounds) {
        int doublings = Math.max(0, failedRounds - 1);
        if (doublings >= 30) {
            return maxRetry;
        }
        Duration delay = firstRetry.multipliedBy(1L << doublings);
        return delay.compareTo(maxRetry) > 0 ? maxRetry : delay;
    }

    /** When a message queued at {@code created} is next tried after {@code failedRounds} rounds, at {@code now}. */
    public Instant nextAttempt(Instant now, int failedRounds) {
        return now.plus(delayAfter(failedRounds));
    }

    public boolean expired(Instant created, Instant now) {
        return !now.isBefore(created.plus(giveUpAfter));
    }

    public boolean shouldWarn(Instant created, Instant now) {
        return !now.isBefore(created.plus(warnAfter));
    }

    public Instant giveUpAt(Instant created) {
        return created.plus(giveUpAfter);
    }
}
