package dev.coffer.dns.check;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coffer.dns.DnsRecord;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExpectedRecordsCheckTest {

    private static final DnsRecord MX = new DnsRecord("example.org", "MX", "10 mail.example.org.", "mail exchanger");
    private static final DnsRecord SPF = new DnsRecord("example.org", "TXT", "v=spf1 mx -all", "SPF");

    @Test
    void passesWhenTheRecordIsPublishedInAnyPresentation() {
        Finding finding = ExpectedRecordsCheck.check(MX, Lookup.of(List.of(ValidatedLookups.normalise("10  Mail.Example.org.")), true));

        assertThat(finding.check()).isEqualTo("record example.org MX");
        assertThat(finding.verdict()).isEqualTo(Verdict.PASS);
    }

    @Test
    void namesTheMismatchWithWhatIsPublished() {
        Finding finding = ExpectedRecordsCheck.check(SPF, Lookup.of(List.of("v=spf1 a ~all", "other"), true));

        assertThat(finding.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(finding.detail()).contains("expected \"v=spf1 mx -all\"").contains("found v=spf1 a ~all | other");
        assertThat(finding.fix()).contains("example.org. IN TXT v=spf1 mx -all");
    }

    @Test
    void failsAMissingRecord() {
        assertThat(ExpectedRecordsCheck.check(MX, Lookup.of(List.of(), true)).detail()).contains("found nothing");
    }
}
