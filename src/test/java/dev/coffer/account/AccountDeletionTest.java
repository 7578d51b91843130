package dev.coffer.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.coffer.store.Account;
import dev.coffer.store.Store;
import dev.coffer.store.StoreFixture;
import dev.coffer.testing.MutableClock;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AccountDeletionTest {

    @TempDir
    Path dir;
    Store store;
    Account alice;
    final MutableClock clock = new MutableClock(Instant.parse("2026-11-28T12:00:00Z"));
    WebSessions sessions;
    AccountDeletion deletion;

    @BeforeEach
    void setUp() throws Exception {
        store = Store.open(dir);
        alice = StoreFixture.account(store, "alice@example.org");
        store.appPasswords().add(alice.id(), "phone", Verifiers.create("phone-secret"), Set.of("read"));
        sessions = new WebSessions(store, clock);
        deletion = new AccountDeletion(store, new AccountService(store), sessions,
                new SecurityLog(store, clock, false), clock, AccountDeletion.DEFAULT_GRACE);
    }

    @AfterEach
    void tearDown() {
        store.close();
    }

    @Test
    void aDeletionRequestLocksTheAccountAtOnce() throws Exception {
        WebSessions.Created session = sessions.create(alice, "laptop");

        Instant shredAt = deletion.request(alice);

        assertThat(shredAt).isEqualTo(clock.instant().plus(Duration.ofDays(30)));
        assertThat(sessions.authenticate(session.token())).isEmpty();
        assertThat(new AppPasswordLogin(store, new LoginThrottle(clock), clock).login("alice@example.org",
                "phone-secret", AppPasswordScope.READ, InetAddress.getLoopbackAddress()))
                .isInstanceOf(LoginResult.Failure.class);
        assertThat(new RecipientResolver(store, "+").resolve("alice@example.org"))
                .isInstanceOf(Recipient.Unknown.class);
    }

    @Test
    void theDataStaysUntilTheGracePeriodEndsThenIsShredded() {
        deletion.request(alice);

        clock.advance(Duration.ofDays(29));
        assertThat(deletion.purgeDue()).isZero();
        assertThat(store.accounts().findById(alice.id())).isPresent();

        clock.advance(Duration.ofDays(2));
        assertThat(deletion.purgeDue()).isEqualTo(1);
        assertThat(store.accounts().findById(alice.id())).isEmpty();
    }

    @Test
    void theOperatorsInactivityPolicyLocksOnlyAccountsWithoutARecentLogin() {
        Account bob = StoreFixture.account(store, "bob@example.org");
        clock.advance(Duration.ofDays(400));
        store.accounts().markActive(bob.id(), clock.instant().minus(Duration.ofDays(10)));

        assertThat(deletion.lockInactive(Duration.ofDays(365))).isEqualTo(1);

        assertThat(store.accounts().findById(alice.id()).orElseThrow().locked()).isTrue();
        assertThat(store.accounts().findById(bob.id()).orElseThrow().locked()).isFalse();
        assertThat(new SecurityLog(store, clock, false).recent(alice, 10)).extracting(entry -> entry.event())
                .contains("locked-inactive");
    }

    @Test
    void theAddressOfADeletedAccountIsNeverGivenOutAgain() {
        deletion.request(alice);
        clock.advance(Duration.ofDays(31));
        deletion.purgeDue();

        assertThatThrownBy(() -> new AccountService(store).createAccount(Address.parse("alice@example.org"),
                Enrollment.forNewAccount(Address.parse("alice@example.org"), "a new password".toCharArray())))
                .isInstanceOf(AccountException.class).hasMessageContaining("never given out again");
    }
}
