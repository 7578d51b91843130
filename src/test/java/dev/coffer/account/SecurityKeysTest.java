package dev.coffer.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.coffer.store.Account;
import dev.coffer.store.Store;
import dev.coffer.store.StoreFixture;
import dev.coffer.testing.MutableClock;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecurityKeysTest {

    private static final String ORIGIN = "https://mail.example.org";

    @TempDir
    Path dir;
    Store store;
    Account alice;
    final MutableClock clock = new MutableClock(Instant.parse("2026-11-28T12:00:00Z"));
    SecurityKeys keys;

    @BeforeEach
    void setUp() throws Exception {
        store = Store.open(dir);
        alice = StoreFixture.account(store, "alice@example.org");
        keys = new SecurityKeys(store, new SecurityLog(store, clock, false), clock,
                new SecurityKeys.RelyingParty("mail.example.org", "Coffer", Set.of(ORIGIN)));
    }

    @AfterEach
    void tearDown() {
        store.close();
    }

    @Test
    void aSoftwareAuthenticatorRegistersAndThenSignsIn() throws Exception {
        SoftwareAuthenticator authenticator = new SoftwareAuthenticator();

        keys.finishRegistration(alice, "YubiKey", authenticator.register(keys.startRegistration(alice), ORIGIN));

        assertThat(keys.list(alice)).singleElement().satisfies(key -> assertThat(key.name()).isEqualTo("YubiKey"));
        assertThat(keys.verifyAssertion(alice, authenticator.assertion(keys.startAssertion(alice), ORIGIN))).isTrue();
        assertThat(keys.verifyAssertion(alice, authenticator.assertion(keys.startAssertion(alice), ORIGIN))).isTrue();
        assertThat(keys.list(alice).getFirst().signCount()).isEqualTo(2);
    }

    @Test
    void theCreationOptionsNameTheRelyingPartyAndExcludeKnownKeys() throws Exception {
        SoftwareAuthenticator authenticator = new SoftwareAuthenticator();
        keys.finishRegistration(alice, "first", authenticator.register(keys.startRegistration(alice), ORIGIN));

        SecurityKeys.CreationOptions options = keys.startRegistration(alice);

        assertThat(options.rp()).containsEntry("id", "mail.example.org");
        assertThat(options.user()).containsEntry("name", "alice@example.org");
        assertThat(options.user().get("id")).doesNotContain("alice");
        assertThat(options.excludeCredentials()).hasSize(1);
        assertThat(options.attestation()).isEqualTo("none");
    }

    @Test
    void anAnswerForAnotherOriginIsRefused() throws Exception {
        SoftwareAuthenticator authenticator = new SoftwareAuthenticator();
        String phished = authenticator.register(keys.startRegistration(alice), "https://mail.example.org.evil.test");

        assertThatThrownBy(() -> keys.finishRegistration(alice, "key", phished))
                .isInstanceOf(AccountException.class).hasMessageContaining("does not verify");
        assertThat(keys.list(alice)).isEmpty();
    }

    @Test
    void anAssertionCannotBeReplayedNorMadeByAnUnknownKey() throws Exception {
        SoftwareAuthenticator authenticator = new SoftwareAuthenticator();
        keys.finishRegistration(alice, "key", authenticator.register(keys.startRegistration(alice), ORIGIN));
        String assertion = authenticator.assertion(keys.startAssertion(alice), ORIGIN);
        assertThat(keys.verifyAssertion(alice, assertion)).isTrue();

        assertThat(keys.verifyAssertion(alice, assertion)).as("no ceremony in progress").isFalse();
        keys.startAssertion(alice);
        assertThat(keys.verifyAssertion(alice, assertion)).as("an old challenge").isFalse();
        assertThat(keys.verifyAssertion(alice,
                new SoftwareAuthenticator().assertion(keys.startAssertion(alice), ORIGIN))).isFalse();
    }

    @Test
    void aChallengeExpires() throws Exception {
        SoftwareAuthenticator authenticator = new SoftwareAuthenticator();
        keys.finishRegistration(alice, "key", authenticator.register(keys.startRegistration(alice), ORIGIN));
        SecurityKeys.RequestOptions options = keys.startAssertion(alice);

        clock.advance(SecurityKeys.CEREMONY_TIMEOUT.plusSeconds(1));

        assertThat(keys.verifyAssertion(alice, authenticator.assertion(options, ORIGIN))).isFalse();
    }

    @Test
    void severalNamedKeysCanBeRemovedOneByOne() throws Exception {
        keys.finishRegistration(alice, "home", new SoftwareAuthenticator().register(keys.startRegistration(alice), ORIGIN));
        keys.finishRegistration(alice, "work", new SoftwareAuthenticator().register(keys.startRegistration(alice), ORIGIN));

        assertThatThrownBy(() -> keys.finishRegistration(alice, "home",
                new SoftwareAuthenticator().register(keys.startRegistration(alice), ORIGIN)))
                .hasMessageContaining("already a security key named 'home'");
        assertThat(keys.remove(alice, "home")).isTrue();
        assertThat(keys.list(alice)).extracting(key -> key.name()).containsExactly("work");
    }
}
