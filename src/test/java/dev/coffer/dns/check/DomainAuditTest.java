package dev.coffer.dns.check;

import static dev.coffer.dns.TestDnsServer.record;
import static org.assertj.core.api.Assertions.assertThat;

import dev.coffer.dns.DnsRecord;
import dev.coffer.dns.ExpectedRecords;
import dev.coffer.dns.TestDnsServer;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Type;

/** The whole audit over a real (test) DNS server, with nothing listening on the mail ports. */
class DomainAuditTest {

    private static final String DKIM = "v=DKIM1; k=ed25519; p=11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=";
    private static TestDnsServer dns;
    private static ValidatedLookups lookups;
    private static int closedPort;

    @BeforeAll
    static void zones() throws Exception {
        dns = TestDnsServer.start();
        dns.zone("hosted.test.", true);
        dns.add(record("hosted.test. IN MX 10 mx.hosted.test."));
        dns.add(record("mx.hosted.test. IN A 127.0.0.1"));
        dns.add(record("hosted.test. IN TXT \"v=spf1 mx -all\""));
        dns.add(record("ed1._domainkey.hosted.test. IN TXT \"" + DKIM + "\""));
        dns.add(record("_dmarc.hosted.test. IN TXT \"v=DMARC1; p=quarantine\""));
        dns.add(record("hosted.test. IN CAA 0 issue \"letsencrypt.org\""));
        dns.zone("unsigned.test.", false);
        dns.add(record("unsigned.test. IN MX 10 mx.unsigned.test."));
        dns.add(record("mx.unsigned.test. IN A 127.0.0.1"));
        dns.add(record("_25._tcp.mx.unsigned.test. IN TLSA 3 1 1 " + "ab".repeat(32)));
        lookups = new ValidatedLookups(dns.resolverBuilder().timeout(Duration.ofSeconds(2)).cacheSize(0).build());
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
    }

    @AfterAll
    static void stop() {
        dns.close();
    }

    private static Map<String, Finding> audit(String domain, ExpectedRecords expected) throws Exception {
        DomainAudit audit = new DomainAudit(lookups, new PolicyFetch(CheckTrust.of(List.of()).manager(), Duration.ofSeconds(2)),
                new TlsProber(Duration.ofSeconds(2)), CheckTrust.of(List.of()).manager(), expected,
                Map.of("smtp", closedPort, "submissions", closedPort, "imaps", closedPort, "https", closedPort),
                List.of(), Clock.systemUTC());
        return audit.audit(domain).stream().collect(Collectors.toMap(Finding::check, f -> f, (a, b) -> a));
    }

    @Test
    void comparesAHostedDomainsRecordsWithTheExpectedOnesAndNamesEachMismatch() throws Exception {
        ExpectedRecords expected = domain -> domain.equals("hosted.test") ? List.of(
                new DnsRecord("hosted.test", "MX", "10 mx.hosted.test.", "mail exchanger"),
                new DnsRecord("hosted.test", "TXT", "v=spf1 mx -all", "SPF"),
                new DnsRecord("_dmarc.hosted.test", "TXT", "v=DMARC1; p=reject; rua=mailto:dmarc@hosted.test", "DMARC"),
                new DnsRecord("ed1._domainkey.hosted.test", "TXT", DKIM, "DKIM Ed25519 key"),
                new DnsRecord("rsa1._domainkey.hosted.test", "TXT", "v=DKIM1; k=rsa; p=MIIB", "DKIM RSA key")) : List.of();

        Map<String, Finding> findings = audit("hosted.test", expected);

        assertThat(findings.get("dnssec").verdict()).isEqualTo(Verdict.PASS);
        assertThat(findings.get("record hosted.test MX").verdict()).isEqualTo(Verdict.PASS);
        assertThat(findings.get("record hosted.test TXT").verdict()).isEqualTo(Verdict.PASS);
        Finding dmarc = findings.get("record _dmarc.hosted.test TXT");
        assertThat(dmarc.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(dmarc.detail()).contains("found v=DMARC1; p=quarantine");
        assertThat(findings.get("record rsa1._domainkey.hosted.test TXT").detail()).contains("found nothing");
        // the hosted domain's selectors are known, so the missing one fails the DKIM check itself
        assertThat(findings.get("dkim").verdict()).isEqualTo(Verdict.FAIL);
        assertThat(findings.get("dkim").detail()).contains("rsa1._domainkey.hosted.test: no record");
        assertThat(findings.get("dmarc").verdict()).isEqualTo(Verdict.WARN);
        assertThat(findings.get("spf").verdict()).isEqualTo(Verdict.PASS);
        assertThat(findings.get("caa").verdict()).isEqualTo(Verdict.PASS);
    }

    @Test
    void auditsAnyDomainWithoutExpectedRecords() throws Exception {
        Map<String, Finding> findings = audit("unsigned.test", domain -> List.of());

        assertThat(findings.keySet()).noneMatch(check -> check.startsWith("record "));
        assertThat(findings.get("dnssec").detail()).contains("not DNSSEC-signed");
        assertThat(findings.get("mx").verdict()).isEqualTo(Verdict.PASS);
        assertThat(findings.get("spf").detail()).contains("no SPF record");
        assertThat(findings.get("dkim").verdict()).isEqualTo(Verdict.WARN);
        assertThat(findings.get("tlsa mx.unsigned.test").detail()).contains("not DNSSEC-secure");
        assertThat(findings.get("smtp mx.unsigned.test").verdict()).isEqualTo(Verdict.FAIL);
        assertThat(findings.get("imaps mx.unsigned.test").verdict()).isEqualTo(Verdict.WARN);
        assertThat(DomainAudit.anyFailed(List.copyOf(findings.values()))).isTrue();
    }

    @Test
    void aBogusRecordFailsItsCheck() throws Exception {
        dns.breakSignature("hosted.test.", Type.CAA);
        try {
            Finding caa = audit("hosted.test", domain -> List.of()).get("caa");

            assertThat(caa.verdict()).isEqualTo(Verdict.FAIL);
            assertThat(caa.detail()).contains("DNSSEC-bogus");
        } finally {
            dns.replace(record("hosted.test. IN CAA 0 issue \"letsencrypt.org\""));
        }
    }
}
