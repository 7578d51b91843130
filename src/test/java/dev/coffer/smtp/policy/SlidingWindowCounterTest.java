package dev.coffer.smtp.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class SlidingWindowCounterTest {

    private static final Duration HOUR = Duration.ofHours(1);

    private final ManualClock clock = ManualClock.onTheHour();

    @Test
    void admitsUpToTheLimitWithinAnHour() {
        SlidingWindowCounter counter = new SlidingWindowCounter(clock, HOUR, 3, 100);
        for (int i = 0; i < 3; i++) {
            assertThat(counter.wait("client")).isZero();
            counter.add("client");
            clock.advance(Duration.ofMinutes(1));
        }
        assertThat(counter.wait("client")).isPositive();
    }

    @Test
    void keysAreCountedApart() {
        SlidingWindowCounter counter = new SlidingWindowCounter(clock, HOUR, 1, 100);
        counter.add("a");
        assertThat(counter.wait("a")).isPositive();
        assertThat(counter.wait("b")).isZero();
    }

    @Test
    void aKeyOverTheLimitInThisWindowWaitsUntilTheNextWindowHasDiscountedEnough() {
        SlidingWindowCounter counter = new SlidingWindowCounter(clock, HOUR, 2, 100);
        clock.advance(Duration.ofMinutes(30));
        counter.add("client");
        counter.add("client");
        counter.add("client");
        Duration wait = counter.wait("client");
        // 30 minutes to the next window, then 3 × (60 - t)/60 < 2 needs t > 20 minutes
        assertThat(wait).isBetween(Duration.ofMinutes(50), Duration.ofMinutes(50).plusSeconds(1));
        clock.advance(wait.minusSeconds(2));
        assertThat(counter.wait("client")).isPositive();
        clock.advance(Duration.ofSeconds(2));
        assertThat(counter.wait("client")).isZero();
    }

    @Test
    void thePreviousWindowWeighsLessAsItSlidesOut() {
        SlidingWindowCounter counter = new SlidingWindowCounter(clock, HOUR, 4, 100);
        for (int i = 0; i < 4; i++) {
            counter.add("client");
        }
        clock.advance(HOUR);
        counter.add("client");
        // 4 × (60 - t)/60 + 1 < 4 needs t > 15 minutes into the new window
        Duration wait = counter.wait("client");
        assertThat(wait).isBetween(Duration.ofMinutes(15), Duration.ofMinutes(15).plusSeconds(1));
        clock.advance(wait);
        assertThat(counter.wait("client")).isZero();
    }

    @Test
    void forgetsEverythingAfterTwoQuietWindows() {
        SlidingWindowCounter counter = new SlidingWindowCounter(clock, HOUR, 1, 100);
        counter.add("client");
        clock.advance(Duration.ofHours(2));
        assertThat(counter.wait("client")).isZero();
    }

    @Test
    void checkingAKeyDoesNotTrackIt() {
        SlidingWindowCounter counter = new SlidingWindowCounter(clock, HOUR, 1, 100);
        for (int i = 0; i < 1000; i++) {
            counter.wait("client-" + i);
        }
        assertThat(counter.size()).isZero();
    }

    @Test
    void remembersAtMostMaxKeysAndForgetsTheLeastRecentlyUsed() {
        SlidingWindowCounter counter = new SlidingWindowCounter(clock, HOUR, 1, 3);
        counter.add("oldest");
        counter.add("middle");
        counter.add("newest");
        counter.wait("oldest"); // used again: now the middle one is least recent
        counter.add("flood");
        assertThat(counter.size()).isEqualTo(3);
        assertThat(counter.wait("middle")).isZero();
        assertThat(counter.wait("oldest")).isPositive();
        assertThat(counter.wait("newest")).isPositive();
        assertThat(counter.wait("flood")).isPositive();
        for (int i = 0; i < 10_000; i++) {
            counter.add("flood-" + i);
        }
        assertThat(counter.size()).isEqualTo(3);
    }

    @Test
    void refusesNonsenseSettings() {
        assertThatThrownBy(() -> new SlidingWindowCounter(clock, HOUR, 0, 10))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SlidingWindowCounter(clock, Duration.ZERO, 1, 10))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
