package dev.coffer.account;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Slows down password guessing: after {@link #FREE_FAILURES} failures for one key (an
 * account or a client address) within {@link #WINDOW}, further attempts are refused
 * for a delay that doubles with each failure, up to {@link #MAX_DELAY}. In memory, per node.
 */
public final class LoginThrottle {

    static final int FREE_FAILURES = 5;
    static final Duration WINDOW = Duration.ofMinutes(15);
    static final Duration MAX_DELAY = Duration.ofMinutes(15);
    private static final int MAX_TRACKED = 100_000;

    private record Failures(int count, Instant last) {}

    private final ConcurrentHashMap<String, Failures> failures = new ConcurrentHashMap<>();
    private final Clock clock;

    public LoginThrottle(Clock clock) {
        this.clock = clock;
    }

    /** How long this key must still wait, or zero. */
    public Duration delay(String key) {
        Failures recorded = failures.get(key);
        if (recorded == null || recorded.count() < FREE_FAILURES) {
            return Duration.ZERO;
        }
        Instant now = clock.instant();
        if (Duration.between(recorded.last(), now).compareTo(WINDOW) > 0) {
            failures.remove(key, recorded);
            return Duration.ZERO;
        }
        int excess = Math.min(recorded.count() - FREE_FAILURES, 20);
        Duration delay = Duration.ofSeconds(1L << excess);
        if (delay.compareTo(MAX_DELAY) > 0) {
            delay = MAX_DELAY;
        }
        Duration remaining = Duration.between(now, recorded.last().plus(delay));
        return remaining.isNegative() ? Duration.ZERO : remaining;
    }

    public void failed(String key) {
        if (failures.size() >= MAX_TRACKED) {
            forgetOld();
        }
        Instant now = clock.instant();
        failures.merge(key, new Failures(1, now), (old, fresh) ->
                Duration.between(old.last(), now).compareTo(WINDOW) > 0
                        ? fresh : new Failures(old.count() + 1, now));
    }

    public void succeeded(String key) {
        failures.remove(key);
    }

    private void forgetOld() {
        Instant cutoff = clock.instant().minus(WINDOW);
        failures.entrySet().removeIf(entry -> entry.getValue().last().isBefore(cutoff));
    }
}
