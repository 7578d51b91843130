package dev.coffer.filter;

import static dev.coffer.dns.TestDnsServer.record;
import static org.assertj.core.api.Assertions.assertThat;

import dev.coffer.dns.DnsResolver;
import dev.coffer.dns.TestDnsServer;
import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Rcode;

class DnsListTest {

    private TestDnsServer dns;
    private DnsList lists;

    @BeforeEach
    void startDns() throws Exception {
        dns = TestDnsServer.start();
        dns.zone("dnsbl.test.", false);
        dns.zone("quota.test.", false);
        dns.zone("uribl.test.", false);
        DnsResolver resolver = dns.resolverBuilder().build();
        lists = new DnsList(List.of("dnsbl.test", "quota.test.", "uribl.test"), DnsListQuery.over(resolver));
    }

    @AfterEach
    void stopDns() {
        dns.close();
    }

    @Test
    void reversesIpv4OctetsAsRfc5782Section21Shows() throws Exception {
        assertThat(DnsList.reversed(InetAddress.getByName("192.0.2.99"))).isEqualTo("99.2.0.192");
    }

    @Test
    void reversesIpv6NibblesAsRfc5782Section24Shows() throws Exception {
        assertThat(DnsList.reversed(InetAddress.getByName("2001:db8:1:2:3:4:567:89ab")))
                .isEqualTo("b.a.9.8.7.6.5.0.4.0.0.0.3.0.0.0.2.0.0.0.1.0.0.0.8.b.d.0.1.0.0.2");
    }

    @Test
    void findsAnIpv4AddressListedWith127Answers() throws Exception {
        dns.add(record("99.2.0.192.dnsbl.test. 300 IN A 127.0.0.2"));
        dns.add(record("99.2.0.192.dnsbl.test. 300 IN A 127.0.0.4"));

        assertThat(lists.zonesListing(InetAddress.getByName("192.0.2.99"))).containsExactly("dnsbl.test");
        assertThat(lists.zonesListing(InetAddress.getByName("192.0.2.98"))).isEmpty();
    }

    @Test
    void findsAnIpv6AddressByItsNibbles() throws Exception {
        dns.add(record("b.a.9.8.7.6.5.0.4.0.0.0.3.0.0.0.2.0.0.0.1.0.0.0.8.b.d.0.1.0.0.2.dnsbl.test. 300 IN A 127.0.0.2"));

        assertThat(lists.zonesListing(InetAddress.getByName("2001:db8:1:2:3:4:567:89ab"))).containsExactly("dnsbl.test");
    }

    @Test
    void ignoresBlockedOrOverQuotaAnswers() throws Exception {
        dns.add(record("99.2.0.192.quota.test. 300 IN A 127.255.255.254"));
        dns.add(record("99.2.0.192.dnsbl.test. 300 IN A 127.255.255.255"));

        assertThat(lists.zonesListing(InetAddress.getByName("192.0.2.99"))).isEmpty();
    }

    @Test
    void ignores127001AndAnswersOutsideLoopback() throws Exception {
        // RFC 5782 §5: a list never lists 127.0.0.1; some answer it for a refused query
        dns.add(record("99.2.0.192.dnsbl.test. 300 IN A 127.0.0.1"));
        dns.add(record("99.2.0.192.quota.test. 300 IN A 192.0.2.1"));

        assertThat(lists.zonesListing(InetAddress.getByName("192.0.2.99"))).isEmpty();
    }

    @Test
    void countsAFailedLookupAsNotListed() throws Exception {
        dns.failWith("99.2.0.192.dnsbl.test.", Rcode.SERVFAIL);
        dns.add(record("99.2.0.192.quota.test. 300 IN A 127.0.0.2"));

        assertThat(lists.zonesListing(InetAddress.getByName("192.0.2.99"))).containsExactly("quota.test");
    }

    @Test
    void looksUpDomainsUnderTheZone() {
        dns.add(record("spammer.example.uribl.test. 300 IN A 127.0.0.2"));

        assertThat(lists.zonesListing("spammer.example")).containsExactly("uribl.test");
        assertThat(lists.zonesListing("honest.example")).isEmpty();
    }
}
