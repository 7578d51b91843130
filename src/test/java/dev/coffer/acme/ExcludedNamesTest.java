package dev.coffer.acme;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExcludedNamesTest {

    private static final Instant NOW = Instant.parse("2026-11-28T12:00:00Z");

    @TempDir
    Path data;

    @Test
    void leavesNamesOutUntilTheirTimeAcrossInstances() throws Exception {
        new ExcludedNames(data).exclude(Set.of("mta-sts.late.example"), NOW.plus(Duration.ofDays(1)), NOW);

        ExcludedNames afterRestart = new ExcludedNames(data);
        assertThat(afterRestart.at(NOW.plus(Duration.ofHours(23)))).containsExactly("mta-sts.late.example");
        assertThat(afterRestart.at(NOW.plus(Duration.ofDays(1)))).isEmpty();
    }

    @Test
    void forgetsExpiredNamesWhenOthersAreAdded() throws Exception {
        ExcludedNames excluded = new ExcludedNames(data);
        excluded.exclude(Set.of("old.example"), NOW.plusSeconds(10), NOW);
        excluded.exclude(Set.of("new.example"), NOW.plus(Duration.ofDays(1)), NOW.plusSeconds(20));

        assertThat(excluded.at(NOW)).containsExactly("new.example");
    }
}
