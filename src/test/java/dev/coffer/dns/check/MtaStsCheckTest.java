package dev.coffer.dns.check;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coffer.dns.MtaStsPolicy;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class MtaStsCheckTest {

    private static final Lookup<String> RECORD = Lookup.of(List.of("v=STSv1; id=20240101"), true);
    private static final List<MxHost> MX = List.of(new MxHost(10, "mx1.example.org"), new MxHost(20, "mx2.example.org"));

    private static MtaStsCheck.Fetch policy(MtaStsPolicy.Mode mode, String... mx) {
        return MtaStsCheck.Fetch.of(new MtaStsPolicy("20240101", mode, List.of(mx), Duration.ofDays(7)));
    }

    @Test
    void passesAnEnforcedPolicyMatchingEveryMx() {
        Finding finding = MtaStsCheck.check("example.org", RECORD, policy(MtaStsPolicy.Mode.ENFORCE, "*.example.org"), MX);

        assertThat(finding.verdict()).isEqualTo(Verdict.PASS);
        assertThat(finding.detail()).contains("mode enforce");
    }

    @Test
    void failsNamingTheMxThePolicyDoesNotList() {
        Finding finding = MtaStsCheck.check("example.org", RECORD, policy(MtaStsPolicy.Mode.ENFORCE, "mx1.example.org"), MX);

        assertThat(finding.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(finding.detail()).contains("mx2.example.org").doesNotContain("mx1.example.org not");
    }

    @Test
    void warnsOnTestingAndFailsOnNone() {
        assertThat(MtaStsCheck.check("example.org", RECORD, policy(MtaStsPolicy.Mode.TESTING, "*.example.org"), MX).verdict())
                .isEqualTo(Verdict.WARN);
        assertThat(MtaStsCheck.check("example.org", RECORD, policy(MtaStsPolicy.Mode.NONE), MX).verdict())
                .isEqualTo(Verdict.FAIL);
    }

    @Test
    void failsWhenThePolicyCannotBeFetched() {
        Finding finding = MtaStsCheck.check("example.org", RECORD, MtaStsCheck.Fetch.failed("answered HTTP 404"), MX);

        assertThat(finding.detail()).contains("id=20240101").contains("HTTP 404");
        assertThat(finding.fix()).contains("https://mta-sts.example.org/.well-known/mta-sts.txt");
    }

    @Test
    void failsWithoutOneValidRecord() {
        assertThat(MtaStsCheck.check("example.org", Lookup.of(List.of(), true), null, MX).detail())
                .contains("no MTA-STS record at _mta-sts.example.org");
        // RFC 8461 §3.1: two records mean no policy
        Lookup<String> two = Lookup.of(List.of("v=STSv1; id=1", "v=STSv1; id=2"), true);
        assertThat(MtaStsCheck.policyId(two)).isEmpty();
        assertThat(MtaStsCheck.check("example.org", two, null, MX).detail()).contains("not one valid");
    }
}
