package dev.coffer.mailauth.dmarc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coffer.mailauth.AuthenticationReport;
import dev.coffer.mailauth.MessageOrigin;
import dev.coffer.mailauth.arc.ArcResult;
import dev.coffer.mailauth.dkim.DkimAlgorithm;
import dev.coffer.mailauth.dkim.DkimResult;
import dev.coffer.mailauth.dmarc.DmarcResult.Code;
import dev.coffer.mailauth.dmarc.DmarcResult.Policy;
import dev.coffer.mailauth.spf.SpfResult;
import dev.coffer.store.DmarcReportRow;
import dev.coffer.store.Store;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DmarcReportLogTest {

    private static final InstantSource NOON = InstantSource.fixed(Instant.parse("2026-04-01T12:00:00Z"));

    @TempDir
    Path data;

    private Store store;
    private final FakeDmarcDns dns = new FakeDmarcDns();
    private DmarcVerifier verifier;
    private DmarcReportLog log;

    @BeforeEach
    void open() throws Exception {
        store = Store.open(data);
        dns.add("_dmarc.example.com", "v=DMARC1; p=reject; sp=quarantine; adkim=s; pct=50; rua=mailto:d@example.com");
        verifier = new DmarcVerifier(dns, PublicSuffixList.mozilla(), new java.util.Random(1));
        log = new DmarcReportLog(store.dmarcReports(), verifier.discovery(), NOON);
    }

    @AfterEach
    void close() {
        store.close();
    }

    private static MessageOrigin origin() throws Exception {
        return new MessageOrigin(InetAddress.getByName("192.0.2.7"), "mx.sender.example",
                "secret-local-part@bounces.example.com");
    }

    private AuthenticationReport report(String fromDomain) {
        SpfResult spf = new SpfResult(SpfResult.Code.PASS, "bounces.example.com", "allowed");
        List<DkimResult> dkim = List.of(new DkimResult.Pass("example.com", "sel1", DkimAlgorithm.RSA_SHA256, false),
                new DkimResult.PermError("no key"));
        ArcResult arc = ArcResult.none();
        return new AuthenticationReport(spf, dkim, arc, verifier.evaluate(fromDomain, spf, dkim, arc));
    }

    @Test
    void recordsOneRowOfMetadataPerEvaluatedMessage() throws Exception {
        assertThat(log.record(origin(), report("mail.example.com"))).isTrue();

        List<DmarcReportRow> rows = store.dmarcReports().rows("2026-04-01", "example.com");
        assertThat(rows).containsExactly(new DmarcReportRow("2026-04-01", "example.com", "mail.example.com",
                "bounces.example.com", "192.0.2.7", "none", false, true, "", "", "bounces.example.com", "pass",
                List.of(new DmarcReportRow.DkimAuth("example.com", "sel1", "pass")),
                "reject", "quarantine", "s", "r", 50, "0"));
    }

    @Test
    void keepsNoLocalPartAndNoContent() throws Exception {
        log.record(origin(), report("example.com"));
        store.close();

        try (Stream<Path> files = Files.walk(data)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                String bytes = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
                assertThat(bytes).as(file.toString()).doesNotContain("secret-local-part");
            }
        }
        store = Store.open(data);
        assertThat(store.dmarcReports().rows("2026-04-01", "example.com")).hasSize(1);
    }

    @Test
    void recordsTheArcOverrideAsLocalPolicy() throws Exception {
        SpfResult spf = new SpfResult(SpfResult.Code.PASS, "list.example.org", "");
        ArcResult arc = new ArcResult(ArcResult.Code.PASS, 1, "", "");
        DmarcResult dmarc = verifier.evaluate("example.com", spf, List.of(), arc);

        log.record(origin(), new AuthenticationReport(spf, List.of(), arc, dmarc));

        DmarcReportRow row = store.dmarcReports().rows("2026-04-01", "example.com").getFirst();
        assertThat(row.overrideType()).isEqualTo(DmarcReportLog.OVERRIDE_LOCAL_POLICY);
        assertThat(row.overrideComment()).isEqualTo("arc=pass");
        assertThat(row.disposition()).isEqualTo("none");
    }

    @Test
    void recordsNothingWithoutAPolicy() throws Exception {
        assertThat(log.record(origin(), report("unknown.example"))).isFalse();
        assertThat(log.record(origin(), new AuthenticationReport(null, List.of(), null,
                DmarcVerifier.permerror("no From field")))).isFalse();
        assertThat(log.record(origin(), new AuthenticationReport(null, List.of(), null,
                new DmarcResult(Code.TEMPERROR, "example.com", Policy.NONE, Policy.NONE, "DNS")))).isFalse();
        assertThat(log.record(origin(), new AuthenticationReport(null, List.of(), null, null))).isFalse();

        assertThat(store.dmarcReports().policyDomains("2026-04-01")).isEmpty();
    }

    @Test
    void aNullReversePathRecordsNoEnvelopeDomain() throws Exception {
        MessageOrigin bounce = new MessageOrigin(InetAddress.getByName("2001:db8::25"), "mx.example.com", "");

        log.record(bounce, report("example.com"));

        DmarcReportRow row = store.dmarcReports().rows("2026-04-01", "example.com").getFirst();
        assertThat(row.envelopeFrom()).isEmpty();
        assertThat(row.sourceIp()).isEqualTo("2001:db8:0:0:0:0:0:25");
    }
}
