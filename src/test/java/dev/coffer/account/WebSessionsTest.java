package dev.coffer.account;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coffer.store.Account;
import dev.coffer.store.Store;
import dev.coffer.store.StoreFixture;
import dev.coffer.testing.MutableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WebSessionsTest {

    @TempDir
    Path dir;
    Store store;
    Account alice;
    final MutableClock clock = new MutableClock(Instant.parse("2026-11-28T12:00:00Z"));
    WebSessions sessions;

    @BeforeEach
    void setUp() throws Exception {
        store = Store.open(dir);
        alice = StoreFixture.account(store, "alice@example.org");
        sessions = new WebSessions(store, clock);
    }

    @AfterEach
    void tearDown() {
        store.close();
    }

    @Test
    void theTokenOpensItsSessionButTheStoreHoldsOnlyItsHash() {
        WebSessions.Created created = sessions.create(alice, "Firefox on Linux");

        assertThat(sessions.authenticate(created.token())).hasValueSatisfying(active ->
                assertThat(active.account().address()).isEqualTo("alice@example.org"));
        assertThat(store.webSessions().findByTokenHash(created.token())).isEmpty();
        assertThat(sessions.authenticate(created.token() + "x")).isEmpty();
        assertThat(sessions.authenticate("")).isEmpty();
    }

    @Test
    void aSessionEndsAfterADayUnused() {
        WebSessions.Created created = sessions.create(alice, "phone");

        clock.advance(WebSessions.IDLE.plusSeconds(1));

        assertThat(sessions.authenticate(created.token())).isEmpty();
        assertThat(sessions.list(alice)).isEmpty();
    }

    @Test
    void aSessionInUseStillEndsAtItsAbsoluteLimit() {
        WebSessions.Created created = sessions.create(alice, "laptop");

        for (Duration used = Duration.ZERO; used.compareTo(WebSessions.ABSOLUTE.minusHours(12)) < 0;
             used = used.plusHours(12)) {
            clock.advance(Duration.ofHours(12));
            assertThat(sessions.authenticate(created.token())).as("after %s", used).isPresent();
        }
        clock.advance(Duration.ofHours(13));

        assertThat(sessions.authenticate(created.token())).isEmpty();
    }

    @Test
    void theUserListsAndRevokesSessions() {
        WebSessions.Created laptop = sessions.create(alice, "laptop");
        WebSessions.Created phone = sessions.create(alice, "phone");

        assertThat(sessions.list(alice)).extracting(session -> session.description()).containsExactly("laptop", "phone");
        assertThat(sessions.revoke(alice, phone.session().id())).isTrue();

        assertThat(sessions.authenticate(phone.token())).isEmpty();
        assertThat(sessions.authenticate(laptop.token())).isPresent();
        assertThat(sessions.revokeAll(alice)).isEqualTo(1);
        assertThat(sessions.authenticate(laptop.token())).isEmpty();
    }

    @Test
    void theCsrfTokenMustMatchExactly() {
        WebSessions.Created created = sessions.create(alice, "laptop");

        assertThat(WebSessions.csrfMatches(created.session(), created.session().csrfToken())).isTrue();
        assertThat(WebSessions.csrfMatches(created.session(), created.session().csrfToken() + "x")).isFalse();
        assertThat(WebSessions.csrfMatches(created.session(), null)).isFalse();
    }
}
