package dev.coffer.dns.check;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MxCheckTest {

    @Test
    void passesWhenEveryMxHostResolves() {
        Finding finding = MxCheck.check("example.org", Lookup.of(List.of(new MxHost(10, "mx.example.org")), true),
                Map.of("mx.example.org", Lookup.of(List.of("192.0.2.1"), true)));

        assertThat(finding.verdict()).isEqualTo(Verdict.PASS);
        assertThat(finding.detail()).isEqualTo("10 mx.example.org 192.0.2.1");
    }

    @Test
    void failsWithoutMx() {
        assertThat(MxCheck.check("example.org", Lookup.of(List.of(), true), Map.of()).detail())
                .contains("no MX record");
    }

    @Test
    void failsOnANullMx() {
        // RFC 7505 §3
        assertThat(MxCheck.check("example.org", Lookup.of(List.of(new MxHost(0, "")), true), Map.of()).detail())
                .contains("null MX");
    }

    @Test
    void namesEachMxHostThatDoesNotResolve() {
        Finding finding = MxCheck.check("example.org",
                Lookup.of(List.of(new MxHost(10, "a.example.org"), new MxHost(20, "b.example.org")), true),
                Map.of("a.example.org", Lookup.of(List.of("192.0.2.1"), true),
                        "b.example.org", Lookup.of(List.of(), true)));

        assertThat(finding.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(finding.detail()).contains("b.example.org (no A or AAAA record)").doesNotContain("a.example.org");
    }
}
