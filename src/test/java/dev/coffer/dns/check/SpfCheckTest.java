package dev.coffer.dns.check;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SpfCheckTest {

    private static Finding check(String... txt) {
        return SpfCheck.check("example.org", Lookup.of(List.of(txt), true));
    }

    @Test
    void passesOneRecordEndingInHardFail() {
        assertThat(check("v=spf1 mx ip4:192.0.2.0/24 ip6:2001:db8::/32 include:_spf.example.net -all").verdict())
                .isEqualTo(Verdict.PASS);
    }

    @Test
    void warnsOnSoftFail() {
        Finding finding = check("v=spf1 mx ~all");

        assertThat(finding.verdict()).isEqualTo(Verdict.WARN);
        assertThat(finding.fix()).contains("-all");
    }

    @Test
    void failsOnNeutralOrPassAll() {
        assertThat(check("v=spf1 mx ?all").verdict()).isEqualTo(Verdict.FAIL);
        assertThat(check("v=spf1 mx ?all").detail()).contains("?all");
        assertThat(check("v=spf1 +all").verdict()).isEqualTo(Verdict.FAIL);
        assertThat(check("v=spf1 all").verdict()).isEqualTo(Verdict.FAIL);
    }

    @Test
    void failsWithoutAnAllMechanismSinceTheDefaultIsNeutral() {
        assertThat(check("v=spf1 mx").verdict()).isEqualTo(Verdict.FAIL);
    }

    @Test
    void warnsWhenARedirectDecides() {
        assertThat(check("v=spf1 redirect=_spf.example.net").verdict()).isEqualTo(Verdict.WARN);
    }

    @Test
    void failsWithoutAnyRecordAndIgnoresOtherTxt() {
        Finding finding = check("google-site-verification=abc", "v=spf10 -all");

        assertThat(finding.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(finding.detail()).contains("no SPF record");
    }

    @Test
    void failsOnTwoRecordsWhichArePermanentErrors() {
        // RFC 7208 §4.5
        assertThat(check("v=spf1 mx -all", "v=spf1 a -all").detail()).contains("2 SPF records");
    }

    @Test
    void failsOnMalformedTerms() {
        assertThat(check("v=spf1 mx foo -all").detail()).contains("unknown mechanism foo");
        assertThat(check("v=spf1 ip4:300.1.1.1 -all").detail()).contains("malformed ip4:300.1.1.1");
        assertThat(check("v=spf1 include -all").detail()).contains("include needs a domain");
    }

    @Test
    void acceptsUnknownModifiers() {
        assertThat(check("v=spf1 mx exp=explain.example.org x-custom=1 -all").verdict()).isEqualTo(Verdict.PASS);
    }

    @Test
    void failsWhenTheAnswerIsBogus() {
        Finding finding = SpfCheck.check("example.org", Lookup.failed("signature expired", true));

        assertThat(finding.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(finding.detail()).contains("DNSSEC-bogus");
    }
}
