package dev.coffer.smtp.policy;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;

/** A clock the tests move by hand, so windows and delays pass without sleeping. */
final class ManualClock implements InstantSource {

    private volatile Instant now;

    ManualClock(Instant start) {
        this.now = start;
    }

    /** A clock at the start of an hour, so fixed windows line up with the test's arithmetic. */
    static ManualClock onTheHour() {
        return new ManualClock(Instant.parse("2026-03-02T10:00:00Z"));
    }

    @Override
    public Instant instant() {
        return now;
    }

    void advance(Duration duration) {
        now = now.plus(duration);
    }
}
