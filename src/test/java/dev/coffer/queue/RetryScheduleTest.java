package dev.coffer.queue;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RetryScheduleTest {

    private final RetrySchedule schedule = RetrySchedule.defaults();

    @Test
    void doublesTheWaitFromFiveMinutesUpToFourHours() {
        assertThat(schedule.delayAfter(1)).isEqualTo(Duration.ofMinutes(5));
        assertThat(schedule.delayAfter(2)).isEqualTo(Duration.ofMinutes(10));
        assertThat(schedule.delayAfter(3)).isEqualTo(Duration.ofMinutes(20));
        assertThat(schedule.delayAfter(4)).isEqualTo(Duration.ofMinutes(40));
        assertThat(schedule.delayAfter(6)).isEqualTo(Duration.ofMinutes(160));
        assertThat(schedule.delayAfter(7)).isEqualTo(Duration.ofHours(4));
        assertThat(schedule.delayAfter(1000)).isEqualTo(Duration.ofHours(4));
    }

    @Test
    void givesUpAfterFiveDaysAndWarnsAfterFourHours() {
        Instant created = Instant.parse("2026-01-01T00:00:00Z");
        assertThat(schedule.expired(created, created.plus(Duration.ofDays(5)).minusSeconds(1))).isFalse();
        assertThat(schedule.expired(created, created.plus(Duration.ofDays(5)))).isTrue();
        assertThat(schedule.shouldWarn(created, created.plus(Duration.ofHours(3)))).isFalse();
        assertThat(schedule.shouldWarn(created, created.plus(Duration.ofHours(4)))).isTrue();
    }
}
