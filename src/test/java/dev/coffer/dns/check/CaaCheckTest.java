package dev.coffer.dns.check;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class CaaCheckTest {

    @Test
    void passesIssueRecords() {
        assertThat(CaaCheck.check("example.org", Lookup.of(List.of("0 issue \"letsencrypt.org\""), true)).verdict())
                .isEqualTo(Verdict.PASS);
    }

    @Test
    void failsWithoutCaa() {
        assertThat(CaaCheck.check("example.org", Lookup.of(List.of(), true)).detail()).contains("any CA may issue");
    }

    @Test
    void warnsWhenNoRecordSaysWhoMayIssue() {
        assertThat(CaaCheck.check("example.org", Lookup.of(List.of("0 iodef \"mailto:ca@example.org\""), true)).verdict())
                .isEqualTo(Verdict.WARN);
    }
}
