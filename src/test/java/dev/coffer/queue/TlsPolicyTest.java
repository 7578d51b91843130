package dev.coffer.queue;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coffer.dns.MtaStsPolicy;
import dev.coffer.dns.MxLookup;
import dev.coffer.dns.TlsaLookup;
import dev.coffer.dns.TlsaLookup.TlsaRecord;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The TLS decision per MX host, and the certificate checks behind it. */
class TlsPolicyTest {

    private static final String MX = "mx1.example.test";
    private static final TlsaRecord EE = new TlsaRecord(3, 1, 1, new byte[32]);
    private static final TlsaRecord PKIX_EE = new TlsaRecord(1, 1, 1, new byte[32]);
    private static final MtaStsPolicy ENFORCE =
            new MtaStsPolicy("1", MtaStsPolicy.Mode.ENFORCE, List.of("*.example.test"), Duration.ofDays(7));
    private static final MtaStsPolicy TESTING =
            new MtaStsPolicy("1", MtaStsPolicy.Mode.TESTING, List.of("*.example.test"), Duration.ofDays(7));

    @TempDir
    static Path directory;

    private static TestPki pki;
    private static TestPki.Issued leaf;
    private static CertificateVerifier verifier;

    @BeforeAll
    static void certificates() throws Exception {
        pki = TestPki.create(directory, "Policy CA");
        leaf = pki.issue(MX);
        verifier = CertificateVerifier.trusting(List.of(pki.ca));
    }

    private static MxLookup mx(boolean dnssec) {
        return new MxLookup(List.of(new MxLookup.MxHost(MX, 10, false)), false, dnssec);
    }

    private static TlsRequirement decide(boolean mxSigned, TlsaLookup tlsa, MtaStsPolicy sts, boolean requireTls) {
        return TlsPolicy.decide(mx(mxSigned), MX, tlsa, Optional.ofNullable(sts), requireTls);
    }

    // The decision table

    @Test
    void usesDaneWhenMxAndTlsaAreDnssecValidAndRecordsExist() {
        assertThat(decide(true, new TlsaLookup(List.of(EE), true), ENFORCE, false))
                .isEqualTo(new TlsRequirement.Dane(List.of(EE)));
    }

    @Test
    void ignoresTlsaWhenTheMxAnswerIsNotDnssecValid() {
        assertThat(decide(false, new TlsaLookup(List.of(EE), true), null, false))
                .isInstanceOf(TlsRequirement.Opportunistic.class);
    }

    @Test
    void ignoresTlsaRecordsThatAreNotDnssecValid() {
        assertThat(decide(true, new TlsaLookup(List.of(EE), false), ENFORCE, false))
                .isEqualTo(new TlsRequirement.Verified(ENFORCE));
    }

    @Test
    void requiresUnauthenticatedTlsWhenNoTlsaRecordIsUsable() {
        assertThat(decide(true, new TlsaLookup(List.of(PKIX_EE), true), null, false))
                .isInstanceOf(TlsRequirement.Encrypted.class);
    }

    @Test
    void keepsOnlyUsableTlsaRecords() {
        assertThat(decide(true, new TlsaLookup(List.of(PKIX_EE, EE), true), null, false))
                .isEqualTo(new TlsRequirement.Dane(List.of(EE)));
    }

    @Test
    void enforcesMtaStsWhenTheMxMatchesThePolicy() {
        assertThat(decide(false, null, ENFORCE, false)).isEqualTo(new TlsRequirement.Verified(ENFORCE));
    }

    @Test
    void refusesAnMxThatAnEnforcedPolicyDoesNotList() {
        MtaStsPolicy other = new MtaStsPolicy("1", MtaStsPolicy.Mode.ENFORCE, List.of("mx.elsewhere.test"), Duration.ofDays(1));
        assertThat(decide(false, null, other, false)).isInstanceOfSatisfying(TlsRequirement.Refused.class,
                refused -> assertThat(refused.policyType()).isEqualTo(TlsReports.POLICY_STS));
    }

    @Test
    void testsButDeliversUnderATestingPolicy() {
        assertThat(decide(false, null, TESTING, false)).isEqualTo(new TlsRequirement.Testing(TESTING));
    }

    @Test
    void fallsBackToOpportunisticTlsWithoutAnyPolicy() {
        assertThat(decide(false, null, null, false)).isInstanceOf(TlsRequirement.Opportunistic.class);
        assertThat(decide(false, null, new MtaStsPolicy("1", MtaStsPolicy.Mode.NONE, List.of(), Duration.ofDays(1)), false))
                .isInstanceOf(TlsRequirement.Opportunistic.class);
    }

    @Test
    void requireTlsNeverSettlesForLessThanAuthenticatedTls() {
        assertThat(decide(false, null, null, true)).isEqualTo(new TlsRequirement.Verified(null));
        assertThat(decide(false, null, TESTING, true)).isEqualTo(new TlsRequirement.Verified(TESTING));
        assertThat(decide(true, new TlsaLookup(List.of(PKIX_EE), true), null, true)).isEqualTo(new TlsRequirement.Verified(null));
        assertThat(decide(true, new TlsaLookup(List.of(EE), true), null, true).authenticated()).isTrue();
    }

    // The certificate checks

    @Test
    void daneEeMatchesTheLeafSpkiHashWithoutNameOrExpiryChecks() throws Exception {
        TestPki.Issued expiredElsewhere = pki.issue("other.name.test",
                Instant.now().minus(Duration.ofDays(10)), Instant.now().minus(Duration.ofDays(5)));
        TlsaRecord record = new TlsaRecord(3, 1, 1, TestPki.sha256(expiredElsewhere.leaf().getPublicKey().getEncoded()));

        assertThat(verifier.check(new TlsRequirement.Dane(List.of(record)), List.of(expiredElsewhere.leaf()), MX, Instant.now()))
                .isNull();
    }

    @Test
    void daneEeMatchesTheWholeCertificateHash() throws Exception {
        TlsaRecord record = new TlsaRecord(3, 0, 1, TestPki.sha256(leaf.leaf().getEncoded()));
        assertThat(verifier.check(new TlsRequirement.Dane(List.of(record)), List.of(leaf.leaf()), MX, Instant.now())).isNull();
    }

    @Test
    void daneMismatchIsAValidationFailure() throws Exception {
        TlsaRecord record = new TlsaRecord(3, 1, 1, TestPki.sha256(pki.ca.getPublicKey().getEncoded()));
        assertThat(verifier.check(new TlsRequirement.Dane(List.of(record)), List.of(leaf.leaf(), pki.ca), MX, Instant.now()))
                .extracting(CertificateVerifier.Failure::resultType).isEqualTo(TlsReports.VALIDATION_FAILURE);
    }

    @Test
    void daneTaMatchesACaInTheChainAndChecksTheMxName() throws Exception {
        TlsRequirement.Dane dane = new TlsRequirement.Dane(
                List.of(new TlsaRecord(2, 1, 1, TestPki.sha256(pki.ca.getPublicKey().getEncoded()))));
        CertificateVerifier trustsNothing = new CertificateVerifier(java.util.Set.of());

        assertThat(trustsNothing.check(dane, List.of(leaf.leaf(), pki.ca), MX, Instant.now())).isNull();
        assertThat(trustsNothing.check(dane, List.of(leaf.leaf(), pki.ca), "mx2.example.test", Instant.now()))
                .extracting(CertificateVerifier.Failure::resultType).isEqualTo(TlsReports.CERTIFICATE_HOST_MISMATCH);
    }

    @Test
    void pkixRequiresATrustedChainNamingTheMx() throws Exception {
        TlsRequirement verified = new TlsRequirement.Verified(ENFORCE);
        assertThat(verifier.check(verified, List.of(leaf.leaf(), pki.ca), MX, Instant.now())).isNull();
        assertThat(verifier.check(verified, List.of(leaf.leaf()), "mx9.other.test", Instant.now()))
                .extracting(CertificateVerifier.Failure::resultType).isEqualTo(TlsReports.CERTIFICATE_HOST_MISMATCH);
        assertThat(CertificateVerifier.trusting(List.of()).check(verified, List.of(leaf.leaf()), MX, Instant.now()))
                .extracting(CertificateVerifier.Failure::resultType).isEqualTo(TlsReports.CERTIFICATE_NOT_TRUSTED);
    }

    @Test
    void pkixReportsAnExpiredCertificate() throws Exception {
        TestPki.Issued expired = pki.issue(MX, Instant.now().minus(Duration.ofDays(10)), Instant.now().minus(Duration.ofDays(1)));
        assertThat(verifier.check(new TlsRequirement.Verified(null), List.of(expired.leaf()), MX, Instant.now()))
                .extracting(CertificateVerifier.Failure::resultType).isEqualTo(TlsReports.CERTIFICATE_EXPIRED);
    }

    @Test
    void wildcardNamesMatchExactlyOneLeftmostLabel() throws Exception {
        TestPki.Issued wildcard = pki.issue("*.example.test");
        assertThat(CertificateVerifier.nameMatches(wildcard.leaf(), "MX1.example.test.")).isTrue();
        assertThat(CertificateVerifier.nameMatches(wildcard.leaf(), "a.b.example.test")).isFalse();
        assertThat(CertificateVerifier.nameMatches(wildcard.leaf(), "example.test")).isFalse();
    }
}
