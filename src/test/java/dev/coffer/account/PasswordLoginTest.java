package dev.coffer.account;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coffer.crypto.KdfParams;
import dev.coffer.store.Account;
import dev.coffer.store.Store;
import dev.coffer.store.StoreFixture;
import dev.coffer.testing.MutableClock;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PasswordLoginTest {

    private static final byte[] AUTH_KEY = "an authKey of thirty-two bytes!!".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] WRONG_KEY = "another key of thirty-two bytes!".getBytes(StandardCharsets.US_ASCII);
    private static final InetAddress HOME = address("198.51.100.7");

    @TempDir
    Path dir;
    Store store;
    Account alice;
    final MutableClock clock = new MutableClock(Instant.parse("2026-11-28T12:00:10Z"));
    SecondFactors factors;
    PasswordLogin login;

    @BeforeEach
    void setUp() throws Exception {
        store = Store.open(dir);
        Account placeholder = StoreFixture.account(store, "alice@example.org");
        store.accounts().replaceCredentials(placeholder.id(), new Account.Credentials(
                Base64.getEncoder().encodeToString(new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16}),
                65536, 3, 1, Verifiers.create(AUTH_KEY)), "public key", "secret key", "FINGERPRINT");
        alice = store.accounts().findById(placeholder.id()).orElseThrow();
        SecurityLog log = new SecurityLog(store, clock, false);
        factors = new SecondFactors(store, new SecurityKeys(store, log, clock,
                new SecurityKeys.RelyingParty("example.org", "Coffer", Set.of("https://example.org"))), log, clock,
                "Coffer");
        login = new PasswordLogin(store, new LoginThrottle(clock), factors, new WebSessions(store, clock), log,
                "node secret of 32 bytes, really!".getBytes(StandardCharsets.US_ASCII));
    }

    @AfterEach
    void tearDown() {
        store.close();
    }

    @Test
    void preloginGivesTheAccountsSaltAndArgon2Parameters() {
        PasswordLogin.Prelogin prelogin = login.prelogin("Alice@Example.org");

        assertThat(prelogin.salt()).hasSize(16).startsWith(1, 2, 3);
        assertThat(prelogin.kdf()).isEqualTo(new KdfParams(65536, 3, 1));
    }

    @Test
    void anUnknownAddressGetsAFakeSaltThatLooksRealAndNeverChanges() {
        PasswordLogin.Prelogin first = login.prelogin("nobody@example.org");
        PasswordLogin.Prelogin again = login.prelogin("NOBODY@example.org");

        assertThat(first.salt()).hasSize(16).isEqualTo(again.salt());
        assertThat(first.kdf()).isEqualTo(KdfParams.DEFAULT);
        assertThat(login.prelogin("someone-else@example.org").salt()).isNotEqualTo(first.salt());
    }

    @Test
    void theRightAuthKeyOpensASession() {
        WebLoginResult result = login.login("alice@example.org", AUTH_KEY, null, HOME, "Firefox on Linux");

        assertThat(result).isInstanceOfSatisfying(WebLoginResult.Success.class, success ->
                assertThat(success.session().token()).isNotBlank());
    }

    @Test
    void aWrongAuthKeyAndAnUnknownAddressGetTheSameAnswer() {
        assertThat(login.login("alice@example.org", WRONG_KEY, null, HOME, "x")).isEqualTo(new WebLoginResult.Failure());
        assertThat(login.login("nobody@example.org", AUTH_KEY, null, HOME, "x")).isEqualTo(new WebLoginResult.Failure());
        assertThat(login.login("not an address", AUTH_KEY, null, HOME, "x")).isEqualTo(new WebLoginResult.Failure());
    }

    @Test
    void anAccountWithTotpNeedsTheCodeAsWell() throws Exception {
        String secret = factors.beginTotp(alice).secret();
        factors.confirmTotp(alice, oathtool(secret));
        clock.advance(Duration.ofSeconds(30));

        assertThat(login.login("alice@example.org", AUTH_KEY, null, HOME, "x"))
                .isInstanceOf(WebLoginResult.SecondFactorRequired.class);
        assertThat(login.login("alice@example.org", AUTH_KEY, new SecondFactorProof.Code("123456"), HOME, "x"))
                .isInstanceOf(WebLoginResult.SecondFactorRequired.class);
        assertThat(login.login("alice@example.org", AUTH_KEY, new SecondFactorProof.Code(oathtool(secret)), HOME, "x"))
                .isInstanceOf(WebLoginResult.Success.class);
    }

    @Test
    void aThousandWrongGuessesFromManyAddressesNeitherGetInNorLockTheUserOutBeyondTheBackOff() {
        int successes = 0;
        int guesses = 0;
        for (int i = 0; i < 1000; i++) {
            InetAddress attacker = address("203.0.113." + (i % 250 + 1));
            WebLoginResult result = login.login("alice@example.org", guess(i), null, attacker, "bot");
            if (result instanceof WebLoginResult.Success) {
                successes++;
            }
            if (result instanceof WebLoginResult.Failure) {
                guesses++;
            }
            clock.advance(Duration.ofSeconds(1));
        }

        assertThat(successes).isZero();
        assertThat(guesses).as("guesses actually checked, the rest throttled").isLessThan(40);
        assertThat(login.login("alice@example.org", AUTH_KEY, null, HOME, "me"))
                .isInstanceOf(WebLoginResult.Throttled.class);
        clock.advance(LoginThrottle.MAX_DELAY);
        assertThat(login.login("alice@example.org", AUTH_KEY, null, HOME, "me"))
                .isInstanceOf(WebLoginResult.Success.class);
        assertThat(new SecurityLog(store, clock, false).recent(alice, 500))
                .extracting(entry -> entry.event()).contains("login-locked", "login-failed", "login")
                .allSatisfy(event -> assertThat(event).doesNotContain("203.0.113"));
    }

    private static byte[] guess(int i) {
        byte[] key = WRONG_KEY.clone();
        key[0] = (byte) i;
        key[1] = (byte) (i >> 8);
        return key;
    }

    private String oathtool(String secret) throws Exception {
        return Oathtool.totp(secret, clock.instant());
    }

    private static InetAddress address(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
