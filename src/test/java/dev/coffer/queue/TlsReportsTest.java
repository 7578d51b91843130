package dev.coffer.queue;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.coffer.dns.MtaStsPolicy;
import dev.coffer.dns.TlsaLookup.TlsaRecord;
import dev.coffer.store.Store;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The RFC 8460 §4.4 daily aggregate report. */
class TlsReportsTest {

    private static final Instant NOON = Instant.parse("2026-04-01T12:00:00Z");
    private static final MtaStsPolicy POLICY =
            new MtaStsPolicy("20260401", MtaStsPolicy.Mode.TESTING, List.of("*.mail.company-y.example"), Duration.ofDays(1));

    @TempDir
    Path data;

    private Store store;
    private TlsReports reports;

    @BeforeEach
    void open() throws Exception {
        store = Store.open(data);
        reports = new TlsReports(store.queue(), "Company-X", "sts-reporting@company-x.example");
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void buildsTheReportWithSummaryAndFailureDetailsPerPolicy() throws Exception {
        TlsRequirement sts = new TlsRequirement.Testing(POLICY);
        for (int i = 0; i < 3; i++) {
            reports.record("company-y.example", new TlsSessionResult(sts, "mx1.mail.company-y.example", null, "TLSv1.3"), NOON);
        }
        reports.record("company-y.example", new TlsSessionResult(sts, "mx2.mail.company-y.example",
                TlsReports.CERTIFICATE_EXPIRED, "TLSv1.2"), NOON);
        TlsRequirement dane = new TlsRequirement.Dane(List.of(new TlsaRecord(3, 1, 1, new byte[] {(byte) 0xab, 0x01})));
        reports.record("company-y.example", new TlsSessionResult(dane, "mx3.mail.company-y.example",
                TlsReports.VALIDATION_FAILURE, "TLSv1.3"), NOON);
        reports.record("other.example", new TlsSessionResult(new TlsRequirement.Opportunistic(), "mx.other.example", null, null),
                NOON);

        JsonNode report = new ObjectMapper().readTree(reports.build("company-y.example", LocalDate.of(2026, 4, 1)).orElseThrow());

        assertThat(report.path("organization-name").asText()).isEqualTo("Company-X");
        assertThat(report.path("contact-info").asText()).isEqualTo("sts-reporting@company-x.example");
        assertThat(report.path("report-id").asText()).isNotBlank();
        assertThat(report.path("date-range").path("end-datetime").asText()).isEqualTo("2026-04-01T23:59:59Z");
        JsonNode policies = report.path("policies");
        assertThat(policies).hasSize(2);

        JsonNode stsEntry = policies.get(0);
        assertThat(stsEntry.path("policy").path("policy-type").asText()).isEqualTo("sts");
        assertThat(texts(stsEntry.path("policy").path("policy-string")))
                .containsExactly("version: STSv1", "mode: testing", "mx: *.mail.company-y.example", "max_age: 86400");
        assertThat(texts(stsEntry.path("policy").path("mx-host"))).containsExactly("*.mail.company-y.example");
        assertThat(stsEntry.path("summary").path("total-successful-session-count").asLong()).isEqualTo(3);
        assertThat(stsEntry.path("summary").path("total-failure-session-count").asLong()).isEqualTo(1);
        JsonNode detail = stsEntry.path("failure-details").get(0);
        assertThat(detail.path("result-type").asText()).isEqualTo("certificate-expired");
        assertThat(detail.path("receiving-mx-hostname").asText()).isEqualTo("mx2.mail.company-y.example");
        assertThat(detail.path("failed-session-count").asLong()).isEqualTo(1);

        JsonNode tlsaEntry = policies.get(1);
        assertThat(tlsaEntry.path("policy").path("policy-type").asText()).isEqualTo("tlsa");
        assertThat(texts(tlsaEntry.path("policy").path("policy-string"))).containsExactly("3 1 1 ab01");
        assertThat(tlsaEntry.path("summary").path("total-failure-session-count").asLong()).isEqualTo(1);
    }

    @Test
    void buildsNothingForADayWithoutSessions() {
        assertThat(reports.build("company-y.example", LocalDate.of(2026, 4, 2))).isEmpty();
    }

    @Test
    void sendsOneReportPerPolicyDomain() {
        reports.record("a.example", new TlsSessionResult(new TlsRequirement.Opportunistic(), "mx.a.example", null, "TLSv1.3"), NOON);
        reports.record("b.example", new TlsSessionResult(new TlsRequirement.Opportunistic(), "mx.b.example",
                TlsReports.STARTTLS_NOT_SUPPORTED, null), NOON);
        List<String> sentTo = new ArrayList<>();

        int sent = reports.send(LocalDate.of(2026, 4, 1), (domain, id, day, json) -> sentTo.add(domain));

        assertThat(sent).isEqualTo(2);
        assertThat(sentTo).containsExactly("a.example", "b.example");
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(node -> texts.add(node.asText()));
        return texts;
    }
}
