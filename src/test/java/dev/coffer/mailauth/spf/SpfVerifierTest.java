package dev.coffer.mailauth.spf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.coffer.mailauth.spf.SpfResult.Code;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** SpfVerifier beyond the RFC 7208 test suite: identities, limits, explanations, address forms. */
class SpfVerifierTest {

    private static final InetAddress CLIENT = InetAddress.ofLiteral("192.0.2.10");
    private static final Clock FIXED = Clock.fixed(Instant.parse("2026-11-28T12:00:00Z"), ZoneOffset.UTC);

    private final ZoneSpfDns dns = new ZoneSpfDns();
    private final SpfVerifier spf = new SpfVerifier(dns).withClock(FIXED);

    @Test
    void passesClientInThePolicyOfTheMailFromDomain() {
        dns.txt("example.com", "v=spf1 ip4:192.0.2.0/24 -all");

        SpfResult result = spf.check(CLIENT, "mail.example.com", "alice@example.com");

        assertThat(result.code()).isEqualTo(Code.PASS);
        assertThat(result.domain()).isEqualTo("example.com");
        assertThat(result.explanation()).contains("ip4:192.0.2.0/24").doesNotContain("192.0.2.10");
    }

    @Test
    void nullReversePathIsCheckedAsPostmasterOfTheHeloName() {
        dns.txt("mail.example.org", "v=spf1 exists:%{l}.%{o}.allowed.example.org -all");
        dns.a("postmaster.mail.example.org.allowed.example.org", "127.0.0.2");

        SpfResult result = spf.check(CLIENT, "mail.example.org", "");

        assertThat(result.code()).isEqualTo(Code.PASS);
        assertThat(result.domain()).isEqualTo("mail.example.org");
    }

    @Test
    void heloCheckUsesTheHeloPolicy() {
        dns.txt("mail.example.org", "v=spf1 a -all");
        dns.a("mail.example.org", "192.0.2.10");

        assertThat(spf.checkHelo(CLIENT, "mail.example.org").code()).isEqualTo(Code.PASS);
        assertThat(spf.checkHelo(InetAddress.ofLiteral("192.0.2.11"), "mail.example.org").code()).isEqualTo(Code.FAIL);
    }

    @Test
    void heloThatIsNoDomainNameHasNoPolicy() {
        assertThat(spf.checkHelo(CLIENT, "[192.0.2.10]").code()).isEqualTo(Code.NONE);
        assertThat(spf.checkHelo(CLIENT, "192.0.2.10").code()).isEqualTo(Code.NONE);
        assertThat(spf.checkHelo(CLIENT, "localhost").code()).isEqualTo(Code.NONE);
        assertThat(spf.checkHelo(CLIENT, "").code()).isEqualTo(Code.NONE);
        assertThat(dns.queries()).isEmpty();
    }

    @Test
    void internationalizedDomainIsCheckedInItsAsciiForm() {
        dns.txt("xn--bcher-kva.example", "v=spf1 exists:%{l}.%{d}.allowed.example.org -all");
        dns.a("j\u00fcrgen.xn--bcher-kva.example.allowed.example.org", "127.0.0.2");

        SpfResult result = spf.check(CLIENT, "mail.example.com", "j\u00fcrgen@b\u00fccher.example");

        assertThat(result.domain()).isEqualTo("xn--bcher-kva.example");
        assertThat(result.code()).isEqualTo(Code.PASS);
    }

    @Test
    void mailFromWithoutDomainHasNoPolicy() {
        assertThat(spf.check(CLIENT, "mail.example.com", "alice").code()).isEqualTo(Code.NONE);
        assertThat(dns.queries()).isEmpty();
    }

    @Test
    void ipv4MappedIpv6ClientIsAnIpv4Client() throws Exception {
        dns.txt("example.com", "v=spf1 ip4:192.0.2.10 ip6:::ffff:0:0/96 -all");
        byte[] mapped = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff, (byte) 192, 0, 2, 10};
        InetAddress client = Inet6Address.getByAddress(null, mapped, -1);

        SpfResult result = spf.check(client, "mail.example.com", "alice@example.com");

        assertThat(result.code()).isEqualTo(Code.PASS);
        assertThat(result.explanation()).contains("ip4:192.0.2.10");
    }

    @Test
    void failIsExplainedByTheDomainsExpText() {
        dns.txt("example.com", "v=spf1 -all exp=why.example.com");
        dns.txt("why.example.com", "%{c} is not a mail server of %{d} (asked by %{r} at %{t})");

        SpfResult result = spf.withReceiver("mx.example.net")
                .check(InetAddress.ofLiteral("2001:db8:0:0:1:0:0:1"), "mail.example.com", "alice@example.com");

        assertThat(result.code()).isEqualTo(Code.FAIL);
        assertThat(result.explanation())
                .isEqualTo("2001:db8::1:0:0:1 is not a mail server of example.com (asked by mx.example.net at 1795867200)");
    }

    @Test
    void failWithoutExpGetsTheDefaultExplanation() {
        dns.txt("example.com", "v=spf1 -all");

        assertThat(spf.check(CLIENT, "mail.example.com", "alice@example.com").explanation())
                .isEqualTo("the SPF policy of example.com does not authorize this host");
        assertThat(spf.withDefaultExplanation("see https://%{d}/spf").check(CLIENT, "h.example", "a@example.com").explanation())
                .isEqualTo("see https://example.com/spf");
    }

    @Test
    void explanationIsBoundedByTheLimits() {
        dns.txt("example.com", "v=spf1 -all exp=why.example.com");
        dns.txt("why.example.com", "x".repeat(5000));
        SpfLimits limits = new SpfLimits(10, 2, 10, 10, Duration.ofSeconds(20), 100);

        assertThat(spf.withLimits(limits).check(CLIENT, "mail.example.com", "alice@example.com").explanation())
                .hasSize(100);
    }

    @Test
    void invalidDefaultExplanationIsRefused() {
        assertThatThrownBy(() -> spf.withDefaultExplanation("100%")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void includeAndRedirectCountAgainstTheDnsLimit() {
        dns.txt("example.com", "v=spf1 include:a.example.com redirect=b.example.com");
        dns.txt("a.example.com", "v=spf1 ip4:198.51.100.1 -all");
        dns.txt("b.example.com", "v=spf1 a:c.example.com -all");
        dns.a("c.example.com", "192.0.2.10");
        SpfLimits two = new SpfLimits(2, 2, 10, 10, Duration.ofSeconds(20), 512);

        assertThat(spf.check(CLIENT, "h.example.com", "a@example.com").code()).isEqualTo(Code.PASS);
        SpfResult limited = spf.withLimits(two).check(CLIENT, "h.example.com", "a@example.com");
        assertThat(limited.code()).isEqualTo(Code.PERMERROR);
        assertThat(limited.explanation()).contains("more than 2 DNS-querying");
    }

    @Test
    void includeLoopEndsInPermerror() {
        dns.txt("example.com", "v=spf1 include:example.com -all");

        assertThat(spf.check(CLIENT, "h.example.com", "a@example.com").code()).isEqualTo(Code.PERMERROR);
        assertThat(dns.queries()).hasSize(11);
    }

    @Test
    void checkThatTakesTooLongIsATemperror() {
        AtomicLong now = new AtomicLong(0);
        Clock clock = new Clock() {
            @Override
            public ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return Instant.ofEpochMilli(now.get());
            }
        };
        SpfDns slow = new SpfDns() {
            private <T> List<T> wait(List<T> answer) {
                now.addAndGet(7_000); // every answer takes 7 s
                return answer;
            }

            @Override
            public List<String> txt(String name) throws SpfDnsException {
                return wait(dns.txt(name));
            }

            @Override
            public List<InetAddress> a(String name) throws SpfDnsException {
                return wait(dns.a(name));
            }

            @Override
            public List<InetAddress> aaaa(String name) throws SpfDnsException {
                return wait(dns.aaaa(name));
            }

            @Override
            public List<String> mx(String name) throws SpfDnsException {
                return wait(dns.mx(name));
            }

            @Override
            public List<String> ptr(String name) throws SpfDnsException {
                return wait(dns.ptr(name));
            }
        };
        dns.txt("example.com", "v=spf1 a:a.example.com a:b.example.com a:c.example.com a:d.example.com -all");
        dns.a("a.example.com", "198.51.100.1").a("b.example.com", "198.51.100.2")
                .a("c.example.com", "198.51.100.3").a("d.example.com", "192.0.2.10");

        SpfResult result = new SpfVerifier(slow).withClock(clock).check(CLIENT, "h.example.com", "a@example.com");

        assertThat(result.code()).isEqualTo(Code.TEMPERROR);
        assertThat(result.explanation()).contains("longer than 20 s");
    }

    @Test
    void dnsFailureIsATemperror() {
        dns.timeout("example.com");

        SpfResult result = spf.check(CLIENT, "h.example.com", "a@example.com");

        assertThat(result.code()).isEqualTo(Code.TEMPERROR);
        assertThat(result.explanation()).contains("example.com/TXT");
    }

    @Test
    void syntaxErrorIsAPermerrorThatSaysWhere() {
        dns.txt("example.com", "v=spf1 ip4:192.0.2.0/24 -all moo");

        SpfResult result = spf.check(CLIENT, "h.example.com", "a@example.com");

        assertThat(result.code()).isEqualTo(Code.PERMERROR);
        assertThat(result.explanation()).contains("unknown mechanism \"moo\"");
    }

    @Test
    void macroExpandedTargetLongerThan253CharactersIsCutFromTheLeft() {
        String local = "l".repeat(60);
        dns.txt("example.com", "v=spf1 exists:%{l}.%{l}.%{l}.%{l}.%{l}.%{d} -all");

        spf.check(CLIENT, "h.example.com", local + "@example.com");

        String queried = dns.queries().get(1);
        String name = queried.substring(0, queried.indexOf('/'));
        // 5 labels of 60 and example.com make 316 characters; two labels must go (RFC 7208 §7.3)
        assertThat(name).hasSizeLessThanOrEqualTo(253).isEqualTo(String.join(".", local, local, local) + ".example.com");
    }

    @Test
    void ptrNamesBeyondTenAreIgnored() {
        dns.txt("example.com", "v=spf1 ptr -all");
        for (int i = 1; i <= 11; i++) {
            dns.ptr("10.2.0.192.in-addr.arpa", "host" + i + ".example.com");
        }
        dns.a("host11.example.com", "192.0.2.10");

        assertThat(spf.check(CLIENT, "h.example.com", "a@example.com").code()).isEqualTo(Code.FAIL);
        dns.a("host10.example.com", "192.0.2.10");
        assertThat(spf.check(CLIENT, "h.example.com", "a@example.com").code()).isEqualTo(Code.PASS);
    }
}
