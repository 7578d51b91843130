package dev.coffer.acme;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coffer.crypto.CertificateAuthority;
import dev.coffer.crypto.PrivateKeys;
import dev.coffer.crypto.ServerTls;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RenewalPolicyTest {

    private static final List<String> NAMES = List.of("mail.example.org");

    @TempDir
    Path directory;

    private X509Certificate certificate;
    private Instant notBefore;
    private Instant notAfter;

    @BeforeEach
    void issue() throws Exception {
        CertificateAuthority.createDemo(directory, NAMES);
        certificate = ServerTls.readCertificates(directory.resolve("tls/cert.pem")).getFirst();
        notBefore = certificate.getNotBefore().toInstant();
        notAfter = certificate.getNotAfter().toInstant();
    }

    @Test
    void renewsAtTwoThirdsOfTheLifetimeWhenThatComesBeforeRenewBefore() {
        // 397 days of lifetime: 2/3 is day 264.7, long before 30 days ahead of the end.
        Instant twoThirds = notBefore.plusSeconds((long) (Duration.between(notBefore, notAfter).toSeconds() * 2.0 / 3));
        assertThat(new RenewalPolicy(Duration.ofDays(30)).renewalTime(certificate)).isEqualTo(twoThirds);
    }

    @Test
    void renewsRenewBeforeTheEndWhenThatComesFirst() {
        assertThat(new RenewalPolicy(Duration.ofDays(200)).renewalTime(certificate))
                .isEqualTo(notAfter.minus(Duration.ofDays(200)));
    }

    @Test
    void keepsAFreshCertificateOnTheRightKeyWithAllNames() throws Exception {
        assertThat(policy().reasonToRenew(certificate, NAMES, key(), true, notBefore.plus(Duration.ofDays(1))))
                .isEmpty();
    }

    @Test
    void renewsOnceTheRenewalTimeHasCome() throws Exception {
        Instant due = policy().renewalTime(certificate);
        assertThat(policy().reasonToRenew(certificate, NAMES, key(), true, due.minusSeconds(1))).isEmpty();
        assertThat(policy().reasonToRenew(certificate, NAMES, key(), true, due)).contains("expiring");
    }

    @Test
    void renewsWhenAHostedDomainAddsNames() throws Exception {
        assertThat(policy().reasonToRenew(certificate, List.of("mail.example.org", "mta-sts.new.example"), key(),
                true, notBefore)).contains("names-missing");
    }

    @Test
    void namesCompareWithoutCase() throws Exception {
        assertThat(policy().reasonToRenew(certificate, List.of("MAIL.Example.org"), key(), true, notBefore)).isEmpty();
    }

    @Test
    void replacesACertificateOnAnotherKey() throws Exception {
        assertThat(policy().reasonToRenew(certificate, NAMES, PrivateKeys.generate().getPublic(), true, notBefore))
                .contains("key-changed");
    }

    @Test
    void replacesACertificateThatTheConfiguredCaDidNotIssue() throws Exception {
        assertThat(policy().reasonToRenew(certificate, NAMES, key(), false, notBefore)).contains("not-from-acme-ca");
    }

    private static RenewalPolicy policy() {
        return new RenewalPolicy(Duration.ofDays(30));
    }

    private java.security.PublicKey key() throws Exception {
        return PrivateKeys.read(directory.resolve("tls/key.pem")).getPublic();
    }
}
