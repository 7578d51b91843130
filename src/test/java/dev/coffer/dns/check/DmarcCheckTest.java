package dev.coffer.dns.check;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class DmarcCheckTest {

    private static Finding check(String... txt) {
        return DmarcCheck.check("example.org", Lookup.of(List.of(txt), true));
    }

    @Test
    void passesRejectOrQuarantineWithReports() {
        assertThat(check("v=DMARC1; p=reject; rua=mailto:d@example.org").verdict()).isEqualTo(Verdict.PASS);
        assertThat(check("v=DMARC1;p=quarantine;rua=mailto:d@example.org").verdict()).isEqualTo(Verdict.PASS);
    }

    @Test
    void failsPolicyNoneOrMissingPolicy() {
        assertThat(check("v=DMARC1; p=none; rua=mailto:d@example.org").detail()).contains("p=none");
        assertThat(check("v=DMARC1; rua=mailto:d@example.org").verdict()).isEqualTo(Verdict.FAIL);
    }

    @Test
    void warnsWithoutAggregateReportAddress() {
        Finding finding = check("v=DMARC1; p=reject");

        assertThat(finding.verdict()).isEqualTo(Verdict.WARN);
        assertThat(finding.fix()).contains("rua=mailto:dmarc@example.org");
    }

    @Test
    void warnsWhenThePolicyCoversOnlyPartOfTheMail() {
        assertThat(check("v=DMARC1; p=reject; pct=50; rua=mailto:d@example.org").verdict()).isEqualTo(Verdict.WARN);
    }

    @Test
    void failsWithNoneOrTwoRecords() {
        // RFC 7489 §6.6.3: more than one record means no DMARC policy
        assertThat(check().detail()).contains("no DMARC record at _dmarc.example.org");
        assertThat(check("v=DMARC1; p=reject", "v=DMARC1; p=none").detail()).contains("2 DMARC records");
    }
}
