package dev.coffer.mailauth.dmarc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.coffer.mailauth.dmarc.DmarcResult.Policy;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DmarcRecordTest {

    @Test
    void readsEveryTagOfAFullRecord() throws Exception {
        DmarcRecord record = DmarcRecord.parse("v=DMARC1; p=quarantine; sp=reject; adkim=s; aspf=s; pct=20; "
                + "rua=mailto:agg@example.com!10m,mailto:other@example.net; ruf=mailto:f@example.com; ri=3600; fo=1");

        assertThat(record.policy()).isEqualTo(Policy.QUARANTINE);
        assertThat(record.subdomainPolicy()).contains(Policy.REJECT);
        assertThat(record.dkimAlignment()).isEqualTo(Alignment.STRICT);
        assertThat(record.spfAlignment()).isEqualTo(Alignment.STRICT);
        assertThat(record.percent()).isEqualTo(20);
        assertThat(record.reportInterval()).isEqualTo(3600);
        assertThat(record.aggregateReports()).hasSize(2);
        assertThat(record.aggregateReports().getFirst().mailto()).contains("agg@example.com");
        assertThat(record.aggregateReports().getFirst().maxBytes()).isEqualTo(10L * 1024 * 1024);
        assertThat(record.aggregateReports().get(1).maxBytes()).isZero();
        assertThat(record.failureReports()).hasSize(1);
    }

    @Test
    void defaultsAreRelaxedAlignmentFullPercentageAndNoSubdomainPolicy() throws Exception {
        DmarcRecord record = DmarcRecord.parse("v=DMARC1; p=none");

        assertThat(record.subdomainPolicy()).isEmpty();
        assertThat(record.policyFor(true)).isEqualTo(Policy.NONE);
        assertThat(record.dkimAlignment()).isEqualTo(Alignment.RELAXED);
        assertThat(record.spfAlignment()).isEqualTo(Alignment.RELAXED);
        assertThat(record.percent()).isEqualTo(100);
        assertThat(record.aggregateReports()).isEmpty();
    }

    @Test
    void toleratesWhitespaceCaseOfTagsAndATrailingSeparator() throws Exception {
        DmarcRecord record = DmarcRecord.parse("v = DMARC1 ;P=Reject ; ADKIM=S;");

        assertThat(record.policy()).isEqualTo(Policy.REJECT);
        assertThat(record.dkimAlignment()).isEqualTo(Alignment.STRICT);
    }

    @Test
    void ignoresUnknownTags() throws Exception {
        assertThat(DmarcRecord.parse("v=DMARC1; p=reject; np=reject; x_future=1").policy()).isEqualTo(Policy.REJECT);
    }

    @Test
    void recordsThatDoNotStartWithTheVersionAreNotDmarc() {
        assertThat(DmarcRecord.isDmarc("p=reject; v=DMARC1")).isFalse();
        assertThat(DmarcRecord.isDmarc("v=DMARC2; p=reject")).isFalse();
        assertThat(DmarcRecord.isDmarc("v=spf1 -all")).isFalse();
        assertThat(DmarcRecord.isDmarc("v=dmarc1; p=reject")).isFalse(); // RFC 7489 §6.4: %x44 %x4d ... exact
        assertThat(DmarcRecord.isDmarc("v=DMARC1")).isTrue();
    }

    @Test
    void rejectsSyntaxErrorsInKnownTags() {
        assertThatThrownBy(() -> DmarcRecord.parse("v=DMARC1; p=reject; pct=101")).isInstanceOf(DmarcRecordException.class)
                .hasMessageContaining("pct");
        assertThatThrownBy(() -> DmarcRecord.parse("v=DMARC1; p=reject; adkim=x")).isInstanceOf(DmarcRecordException.class);
        assertThatThrownBy(() -> DmarcRecord.parse("v=DMARC1; p=reject; p=none")).isInstanceOf(DmarcRecordException.class);
        assertThatThrownBy(() -> DmarcRecord.parse("v=DMARC1; p=reject; garbage")).isInstanceOf(DmarcRecordException.class);
        assertThatThrownBy(() -> DmarcRecord.parse("v=DMARC1; p=bounce")).isInstanceOf(DmarcRecordException.class);
        assertThatThrownBy(() -> DmarcRecord.parse("v=DMARC1")).isInstanceOf(DmarcRecordException.class)
                .hasMessageContaining("no p=");
    }

    @Test
    void aBadPolicyWithAValidRuaReadsAsPolicyNone() throws Exception {
        // RFC 7489 §6.6.3 step 6
        DmarcRecord record = DmarcRecord.parse("v=DMARC1; p=bounce; rua=mailto:agg@example.com");

        assertThat(record.policy()).isEqualTo(Policy.NONE);
        assertThat(record.subdomainPolicy()).isEqualTo(Optional.empty());
        assertThat(DmarcRecord.parse("v=DMARC1; rua=mailto:a@example.com").policy()).isEqualTo(Policy.NONE);
        assertThat(DmarcRecord.parse("v=DMARC1; p=reject; sp=x; rua=mailto:a@example.com").policy())
                .isEqualTo(Policy.NONE);
    }

    @Test
    void reportUriSizeLimitsUseBinaryUnits() {
        assertThat(ReportUri.parse("mailto:a@example.com!50k").orElseThrow().maxBytes()).isEqualTo(50 * 1024);
        assertThat(ReportUri.parse("mailto:a@example.com!1g").orElseThrow().accepts(1L << 30)).isTrue();
        assertThat(ReportUri.parse("mailto:a@example.com!100").orElseThrow().accepts(101)).isFalse();
        assertThat(ReportUri.parse("mailto:a@example.com!999999999999999t").orElseThrow().maxBytes())
                .isEqualTo(Long.MAX_VALUE);
        assertThat(ReportUri.parse("not a uri")).isEmpty();
        assertThat(ReportUri.parse("https://example.com/r").orElseThrow().mailto()).isEmpty();
    }
}
