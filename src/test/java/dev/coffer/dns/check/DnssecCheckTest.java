package dev.coffer.dns.check;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class DnssecCheckTest {

    @Test
    void passesASecureAnswer() {
        assertThat(DnssecCheck.check("example.org", Lookup.of(List.of("soa"), true)).verdict()).isEqualTo(Verdict.PASS);
    }

    @Test
    void failsAnUnsignedZoneWithTheFix() {
        Finding finding = DnssecCheck.check("example.org", Lookup.of(List.of("soa"), false));

        assertThat(finding.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(finding.detail()).contains("insecure");
        assertThat(finding.fix()).contains("DS");
    }

    @Test
    void failsABogusAnswer() {
        assertThat(DnssecCheck.check("example.org", Lookup.failed("no valid signature", true)).detail())
                .contains("DNSSEC-bogus");
    }
}
