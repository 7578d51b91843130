package dev.coffer.dns;

import static dev.coffer.dns.TestDnsServer.record;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.coffer.mailauth.spf.SpfDnsException;
import dev.coffer.mailauth.spf.SpfResult;
import dev.coffer.mailauth.spf.SpfVerifier;
import java.net.InetAddress;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Rcode;

class DnsSpfLookupTest {

    private static TestDnsServer dns;
    private static DnsSpfLookup lookup;

    @BeforeAll
    static void startServer() throws Exception {
        dns = TestDnsServer.start();
        dns.zone("example.test.", true);
        // an SPF record split into two character-strings, beside a TXT record that is not SPF
        dns.add(record("example.test. 300 IN TXT \"v=spf1 ip4:192.0.2.0/24 \" \"include:_spf.example.test -all\""));
        dns.add(record("example.test. 300 IN TXT \"site-verification=abc\""));
        dns.add(record("example.test. 300 IN MX 20 mx2.example.test."));
        dns.add(record("example.test. 300 IN MX 10 mx1.example.test."));
        dns.add(record("_spf.example.test. 300 IN TXT \"v=spf1 a:mx1.example.test ~all\""));
        dns.add(record("mx1.example.test. 300 IN A 198.51.100.7"));
        dns.add(record("mx1.example.test. 300 IN AAAA 2001:db8::7"));
        dns.add(record("alias.example.test. 300 IN CNAME mx1.example.test."));
        dns.add(record("nullmx.example.test. 300 IN MX 0 ."));
        dns.zone("100.51.198.in-addr.arpa.", true);
        dns.add(record("7.100.51.198.in-addr.arpa. 300 IN PTR mx1.example.test."));
        dns.failWith("broken.example.test.", Rcode.SERVFAIL);
        lookup = new DnsSpfLookup(dns.resolverBuilder().build());
    }

    @AfterAll
    static void stopServer() {
        dns.close();
    }

    @Test
    void txtRecordStringsAreJoinedRecordByRecord() throws Exception {
        assertThat(lookup.txt("example.test")).containsExactlyInAnyOrder(
                "v=spf1 ip4:192.0.2.0/24 include:_spf.example.test -all", "site-verification=abc");
    }

    @Test
    void answersAddressesOfEachFamilyFollowingCnames() throws Exception {
        assertThat(lookup.a("mx1.example.test")).containsExactly(InetAddress.ofLiteral("198.51.100.7"));
        assertThat(lookup.aaaa("mx1.example.test")).containsExactly(InetAddress.ofLiteral("2001:db8::7"));
        assertThat(lookup.a("alias.example.test")).containsExactly(InetAddress.ofLiteral("198.51.100.7"));
    }

    @Test
    void answersMxNamesMostPreferredFirst() throws Exception {
        assertThat(lookup.mx("example.test")).containsExactly("mx1.example.test", "mx2.example.test");
        assertThat(lookup.mx("nullmx.example.test")).containsExactly("");
    }

    @Test
    void answersPtrNames() throws Exception {
        assertThat(lookup.ptr("7.100.51.198.in-addr.arpa")).containsExactly("mx1.example.test");
    }

    @Test
    void nxdomainAndNodataAreVoidLookups() throws Exception {
        assertThat(lookup.txt("nosuch.example.test")).isEmpty();
        assertThat(lookup.a("nosuch.example.test")).isEmpty();
        assertThat(lookup.mx("mx1.example.test")).isEmpty();
        assertThat(lookup.aaaa("example.test")).isEmpty();
    }

    @Test
    void serverFailureIsTemporary() {
        assertThatThrownBy(() -> lookup.txt("broken.example.test")).isInstanceOf(SpfDnsException.class);
        assertThatThrownBy(() -> lookup.a("broken.example.test")).isInstanceOf(SpfDnsException.class);
    }

    @Test
    void verifierChecksPoliciesThroughTheResolver() {
        SpfVerifier spf = new SpfVerifier(lookup);

        assertThat(spf.check(InetAddress.ofLiteral("192.0.2.44"), "mail.example.test", "alice@example.test").code())
                .isEqualTo(SpfResult.Code.PASS);
        assertThat(spf.check(InetAddress.ofLiteral("198.51.100.7"), "mx1.example.test", "bob@example.test").code())
                .isEqualTo(SpfResult.Code.PASS);
        assertThat(spf.check(InetAddress.ofLiteral("203.0.113.9"), "mail.example.test", "eve@example.test").code())
                .isEqualTo(SpfResult.Code.FAIL);
        assertThat(spf.check(InetAddress.ofLiteral("203.0.113.9"), "mail.example.test", "eve@broken.example.test").code())
                .isEqualTo(SpfResult.Code.TEMPERROR);
    }
}
