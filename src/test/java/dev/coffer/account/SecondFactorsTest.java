package dev.coffer.account;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coffer.store.Account;
import dev.coffer.store.Store;
import dev.coffer.store.StoreFixture;
import dev.coffer.testing.MutableClock;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.bouncycastle.util.encoders.Base32;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecondFactorsTest {

    private static final String ORIGIN = "https://mail.example.org";

    @TempDir
    Path dir;
    Store store;
    Account alice;
    final MutableClock clock = new MutableClock(Instant.parse("2026-11-28T12:00:10Z"));
    SecurityKeys keys;
    SecondFactors factors;

    @BeforeEach
    void setUp() throws Exception {
        store = Store.open(dir);
        alice = StoreFixture.account(store, "alice@example.org");
        SecurityLog log = new SecurityLog(store, clock, false);
        keys = new SecurityKeys(store, log, clock, new SecurityKeys.RelyingParty("mail.example.org", "Coffer",
                Set.of(ORIGIN)));
        factors = new SecondFactors(store, keys, log, clock, "Coffer example.org");
    }

    @AfterEach
    void tearDown() {
        store.close();
    }

    @Test
    void theEnrolmentUriIsWhatAuthenticatorAppsRead() {
        SecondFactors.TotpEnrollment enrollment = factors.beginTotp(alice);

        URI uri = URI.create(enrollment.otpauthUri());
        assertThat(uri.getScheme()).isEqualTo("otpauth");
        assertThat(uri.getHost()).isEqualTo("totp");
        assertThat(uri.getPath()).isEqualTo("/Coffer example.org:alice@example.org");
        assertThat(uri.getQuery()).contains("secret=" + enrollment.secret().replace("=", ""))
                .contains("issuer=Coffer example.org").contains("digits=6").contains("period=30");
        assertThat(Base32.decode(enrollment.secret())).hasSize(20);
    }

    @Test
    void totpIsNotRequiredUntilAFirstCodeConfirmsIt() throws Exception {
        SecondFactors.TotpEnrollment enrollment = factors.beginTotp(alice);
        assertThat(factors.required(alice)).isFalse();

        assertThat(factors.confirmTotp(alice, "000000")).isEmpty();
        assertThat(factors.confirmTotp(alice, oathtool(enrollment.secret()))).hasValueSatisfying(codes ->
                assertThat(codes).hasSize(10).doesNotHaveDuplicates());
        assertThat(factors.required(alice)).isTrue();
    }

    @Test
    void acceptsACodeFromOathtoolOnceAndRefusesItsReplay() throws Exception {
        SecondFactors.TotpEnrollment enrollment = factors.beginTotp(alice);
        factors.confirmTotp(alice, oathtool(enrollment.secret()));
        clock.advance(Duration.ofSeconds(30));
        String code = oathtool(enrollment.secret());

        assertThat(factors.verify(alice, new SecondFactorProof.Code(code))).isTrue();
        assertThat(factors.verify(alice, new SecondFactorProof.Code(code))).isFalse();
    }

    @Test
    void eachRecoveryCodeWorksOnceWhateverItsCaseOrDashes() throws Exception {
        SecondFactors.TotpEnrollment enrollment = factors.beginTotp(alice);
        List<String> codes = factors.confirmTotp(alice, oathtool(enrollment.secret())).orElseThrow();

        assertThat(factors.verify(alice, new SecondFactorProof.Code(codes.get(3).toUpperCase().replace("-", " ")))).isTrue();
        assertThat(factors.verify(alice, new SecondFactorProof.Code(codes.get(3)))).isFalse();
        assertThat(factors.unusedRecoveryCodes(alice)).isEqualTo(9);
        assertThat(new SecurityLog(store, clock, false).recent(alice, 10))
                .extracting(entry -> entry.event()).contains("recovery-code-used", "second-factor-added");
    }

    @Test
    void recoveryCodesAreStoredOnlyAsVerifiers() throws Exception {
        SecondFactors.TotpEnrollment enrollment = factors.beginTotp(alice);
        List<String> codes = factors.confirmTotp(alice, oathtool(enrollment.secret())).orElseThrow();

        assertThat(store.secondFactors().recoveryCodes(alice.id()))
                .allSatisfy(stored -> assertThat(stored.verifier()).startsWith("sha256$")
                        .doesNotContain(codes.getFirst().replace("-", "")));
    }

    @Test
    void removingTotpTurnsTheSecondFactorOffAndSpendsTheRecoveryCodes() throws Exception {
        SecondFactors.TotpEnrollment enrollment = factors.beginTotp(alice);
        List<String> codes = factors.confirmTotp(alice, oathtool(enrollment.secret())).orElseThrow();

        factors.removeTotp(alice);

        assertThat(factors.required(alice)).isFalse();
        assertThat(factors.verify(alice, new SecondFactorProof.Code(codes.getFirst()))).isFalse();
    }

    @Test
    void aSecurityKeyAloneMakesTheSecondFactorRequiredAndIsAskedFor() throws Exception {
        SoftwareAuthenticator authenticator = new SoftwareAuthenticator();
        keys.finishRegistration(alice, "key", authenticator.register(keys.startRegistration(alice), ORIGIN));

        assertThat(factors.required(alice)).isTrue();
        WebLoginResult.SecondFactorRequired challenge = factors.challenge(alice);
        assertThat(challenge.code()).isFalse();
        assertThat(factors.verify(alice, new SecondFactorProof.SecurityKeyAssertion(
                authenticator.assertion(challenge.securityKey(), ORIGIN)))).isTrue();
    }

    private String oathtool(String secret) throws Exception {
        return Oathtool.totp(secret, clock.instant());
    }
}
