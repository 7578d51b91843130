package dev.coffer.account;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coffer.store.Store;
import dev.coffer.testing.MutableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InvitesTest {

    @TempDir
    Path dir;
    Store store;
    final MutableClock clock = new MutableClock(Instant.parse("2026-11-28T12:00:00Z"));
    Invites invites;

    @BeforeEach
    void setUp() throws Exception {
        store = Store.open(dir);
        invites = new Invites(store, clock);
    }

    @AfterEach
    void tearDown() {
        store.close();
    }

    @Test
    void aCodeServesOnce() {
        String code = invites.create(Duration.ofDays(7));

        assertThat(invites.redeem(" " + code.toUpperCase() + " ")).isTrue();
        assertThat(invites.redeem(code)).isFalse();
    }

    @Test
    void aCodeExpires() {
        String code = invites.create(Duration.ofDays(7));

        clock.advance(Duration.ofDays(7));

        assertThat(invites.redeem(code)).isFalse();
    }

    @Test
    void unknownCodesAreRefused() {
        invites.create(Duration.ofDays(7));

        assertThat(invites.redeem("aaaaaaaaaaaaaaaa")).isFalse();
        assertThat(invites.redeem(null)).isFalse();
    }
}
