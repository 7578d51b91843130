package dev.coffer.account;

import dev.coffer.testing.MutableClock;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coffer.store.Account;
import dev.coffer.store.Store;
import dev.coffer.store.StoreFixture;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AppPasswordLoginTest {

    @TempDir
    Path dir;

    Store store;
    Account alice;
    AppPasswordLogin login;
    InetAddress client;
    MutableClock clock = new MutableClock(Instant.parse("2026-11-28T12:00:00Z"));

    @BeforeEach
    void open() throws Exception {
        store = Store.open(dir);
        alice = StoreFixture.account(store, "alice@example.org");
        store.appPasswords().add(alice.id(), "phone", Verifiers.create("read-secret"), Set.of("read"));
        store.appPasswords().add(alice.id(), "laptop", Verifiers.create("send-secret"), Set.of("send"));
        login = new AppPasswordLogin(store, new LoginThrottle(clock), clock);
        client = InetAddress.getByName("192.0.2.7");
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void acceptsAnAppPasswordWithTheScope() {
        LoginResult result = login.login("Alice@Example.org", "read-secret", AppPasswordScope.READ, client);

        assertThat(result).isInstanceOfSatisfying(LoginResult.Success.class,
                success -> assertThat(success.appPasswordName()).isEqualTo("phone"));
        assertThat(store.appPasswords().list(alice.id()))
                .filteredOn(p -> p.name().equals("phone")).first()
                .satisfies(p -> assertThat(p.lastUsedAt()).isNotNull());
    }

    @Test
    void refusesAnAppPasswordWithoutTheScope() {
        assertThat(login.login("alice@example.org", "send-secret", AppPasswordScope.READ, client))
                .isInstanceOf(LoginResult.Failure.class);
    }

    @Test
    void refusesUnknownUsersLikeWrongPasswords() {
        assertThat(login.login("nobody@example.org", "read-secret", AppPasswordScope.READ, client))
                .isEqualTo(new LoginResult.Failure());
    }

    @Test
    void throttlesAfterRepeatedFailuresThenRecovers() {
        for (int i = 0; i < LoginThrottle.FREE_FAILURES; i++) {
            assertThat(login.login("alice@example.org", "guess" + i, AppPasswordScope.READ, client))
                    .isInstanceOf(LoginResult.Failure.class);
        }

        assertThat(login.login("alice@example.org", "read-secret", AppPasswordScope.READ, client))
                .isInstanceOf(LoginResult.Throttled.class);

        clock.advance(LoginThrottle.WINDOW.plusSeconds(1));
        assertThat(login.login("alice@example.org", "read-secret", AppPasswordScope.READ, client))
                .isInstanceOf(LoginResult.Success.class);
    }

    @Test
    void throttlesAClientThatGuessesAcrossAccounts() throws Exception {
        for (int i = 0; i <= LoginThrottle.FREE_FAILURES; i++) {
            login.login("user" + i + "@example.org", "guess", AppPasswordScope.READ, client);
        }

        assertThat(login.login("alice@example.org", "read-secret", AppPasswordScope.READ, client))
                .isInstanceOf(LoginResult.Throttled.class);
        assertThat(login.login("alice@example.org", "read-secret", AppPasswordScope.READ,
                InetAddress.getByName("192.0.2.8"))).isInstanceOf(LoginResult.Success.class);
    }

}
