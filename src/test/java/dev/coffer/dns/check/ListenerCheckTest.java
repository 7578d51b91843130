package dev.coffer.dns.check;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ListenerCheckTest {

    private static final String HOST = "mail.example.org";
    private static final Map<String, Boolean> MODERN = Map.of("TLSv1", false, "TLSv1.1", false, "TLSv1.2", true, "TLSv1.3", true);
    private static TestCertificates certificates;
    private static X509TrustManager trustingTheCa;
    private static Instant now;

    @BeforeAll
    static void certificates(@TempDir Path directory) throws Exception {
        certificates = TestCertificates.issue(directory, HOST);
        trustingTheCa = CheckTrust.of(List.of(certificates.caFile())).manager();
        now = certificates.leaf().getNotBefore().toInstant().plus(Duration.ofDays(1));
    }

    private static ListenerProbe probe(String host, Map<String, Boolean> protocols, List<String> weak) {
        return new ListenerProbe("imaps", host, 993, certificates.chain(), null, false, protocols, weak, 40, 0);
    }

    private static Verdict verdict(List<Finding> findings, String check) {
        return findings.stream().filter(f -> f.check().equals(check)).findFirst().orElseThrow().verdict();
    }

    @Test
    void passesATrustedCertificateForTheNameWithModernTlsOnly() {
        List<Finding> findings = ListenerCheck.check(probe(HOST, MODERN, List.of()), trustingTheCa, now);

        assertThat(findings).extracting(Finding::check).containsExactly("imaps mail.example.org certificate",
                "imaps mail.example.org expiry", "imaps mail.example.org protocols", "imaps mail.example.org suites");
        assertThat(findings).extracting(Finding::verdict).containsOnly(Verdict.PASS);
    }

    @Test
    void failsAChainFromAnUntrustedCa() throws Exception {
        X509TrustManager jdkOnly = CheckTrust.of(List.of()).manager();

        assertThat(ListenerCheck.certificate(probe(HOST, MODERN, List.of()), jdkOnly, now).verdict()).isEqualTo(Verdict.FAIL);
    }

    @Test
    void failsACertificateForAnotherName() {
        Finding finding = ListenerCheck.certificate(probe("imap.example.org", MODERN, List.of()), trustingTheCa, now);

        assertThat(finding.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(finding.detail()).contains("not imap.example.org");
    }

    @Test
    void warnsTwoWeeksBeforeExpiryAndFailsAfter() {
        Instant notAfter = certificates.leaf().getNotAfter().toInstant();

        assertThat(ListenerCheck.expiry(probe(HOST, MODERN, List.of()), notAfter.minus(Duration.ofDays(13))).verdict())
                .isEqualTo(Verdict.WARN);
        assertThat(ListenerCheck.expiry(probe(HOST, MODERN, List.of()), notAfter.plusSeconds(1)).verdict())
                .isEqualTo(Verdict.FAIL);
    }

    @Test
    void failsTls10And11() {
        // RFC 8996
        Finding finding = ListenerCheck.protocols(probe(HOST,
                Map.of("TLSv1", false, "TLSv1.1", true, "TLSv1.2", true, "TLSv1.3", true), List.of()));

        assertThat(finding.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(finding.detail()).contains("accepts TLSv1.1");
    }

    @Test
    void warnsWhenOldProtocolsCouldNotBeProbed() {
        assertThat(ListenerCheck.protocols(probe(HOST, Map.of("TLSv1.2", true, "TLSv1.3", true), List.of())).verdict())
                .isEqualTo(Verdict.WARN);
    }

    @Test
    void failsWithNeitherTls12Nor13() {
        assertThat(ListenerCheck.protocols(probe(HOST,
                Map.of("TLSv1", false, "TLSv1.1", false, "TLSv1.2", false, "TLSv1.3", false), List.of())).verdict())
                .isEqualTo(Verdict.FAIL);
    }

    @Test
    void failsNamingAcceptedSuitesWithoutAeadOrForwardSecrecy() {
        Finding finding = ListenerCheck.suites(probe(HOST, MODERN, List.of("TLS_RSA_WITH_AES_128_GCM_SHA256")));

        assertThat(finding.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(finding.detail()).contains("TLS_RSA_WITH_AES_128_GCM_SHA256");
    }

    @Test
    void warnsWhenTheTimeBudgetLeftSuitesUnprobed() {
        ListenerProbe slow = new ListenerProbe("imaps", HOST, 993, certificates.chain(), null, false, MODERN, List.of(), 30, 10);

        assertThat(ListenerCheck.suites(slow).verdict()).isEqualTo(Verdict.WARN);
        assertThat(ListenerCheck.suites(slow).detail()).contains("10 were not probed in time");
    }

    @Test
    void anUnreachableSmtpListenerFailsButAnOptionalServiceOnlyWarns() {
        assertThat(ListenerCheck.check(ListenerProbe.failed("smtp", HOST, 25, "Connection refused", true), trustingTheCa, now))
                .extracting(Finding::verdict).containsExactly(Verdict.FAIL);
        assertThat(ListenerCheck.check(ListenerProbe.failed("imaps", HOST, 993, "Connection refused", true), trustingTheCa, now))
                .extracting(Finding::verdict).containsExactly(Verdict.WARN);
        assertThat(ListenerCheck.check(ListenerProbe.failed("imaps", HOST, 993, "handshake_failure", false), trustingTheCa, now))
                .extracting(Finding::verdict).containsExactly(Verdict.FAIL);
    }
}
