package dev.coffer.dns;

import static dev.coffer.dns.TestDnsServer.record;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.time.Duration;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Type;

class DnsMailRoutingTest {

    private static final String HASH = "8755CDAA8FE24EF16CC0F2C918063185E433FAAF1415664911D9E30A924138C4";

    private static TestDnsServer dns;
    private static DnsResolver resolver;
    private static MtaStsPolicies mtaSts;
    private static DnsMailRouting routing;

    @BeforeAll
    static void startServer() throws Exception {
        dns = TestDnsServer.start();
        dns.zone("signed.test.", true);
        dns.zone("plain.test.", false);

        dns.add(record("signed.test. 300 IN MX 20 mx3.signed.test."));
        dns.add(record("signed.test. 300 IN MX 10 mx1.signed.test."));
        dns.add(record("signed.test. 300 IN MX 10 mx2.signed.test."));
        dns.add(record("signed.test. 300 IN MX 30 mx1.signed.test."));
        dns.add(record("mx1.signed.test. 300 IN A 192.0.2.10"));
        dns.add(record("mx1.signed.test. 300 IN AAAA 2001:db8::10"));
        dns.add(record("_25._tcp.mx1.signed.test. 300 IN TLSA 3 1 1 " + HASH));
        dns.add(record("mx2.signed.test. 300 IN A 192.0.2.11"));
        dns.add(record("_25._tcp.mx2.signed.test. 300 IN TLSA 3 1 1 " + HASH));
        dns.breakSignature("_25._tcp.mx2.signed.test.", Type.TLSA);
        dns.add(record("mx3.signed.test. 300 IN CNAME real-mx.signed.test."));
        dns.add(record("real-mx.signed.test. 300 IN A 192.0.2.12"));
        dns.add(record("_25._tcp.real-mx.signed.test. 300 IN TLSA 2 0 1 " + HASH));

        dns.add(record("implicit.signed.test. 300 IN A 192.0.2.20"));
        dns.add(record("nullmx.signed.test. 300 IN MX 0 ."));
        dns.add(record("alias.signed.test. 300 IN CNAME signed.test."));
        dns.add(record("nomail.signed.test. 300 IN TXT \"no MX, no address\""));
        dns.failWith("failing.plain.test.", Rcode.SERVFAIL);

        dns.add(record("plain.test. 300 IN MX 10 mx.plain.test."));
        dns.add(record("mx.plain.test. 300 IN A 192.0.2.30"));
        dns.add(record("_25._tcp.mx.plain.test. 300 IN TLSA 3 1 1 " + HASH));
        dns.add(record("mx.signed.test. 300 IN A 192.0.2.31"));
        dns.add(record("insecure-host.signed.test. 300 IN CNAME mx.plain.test."));

        resolver = dns.resolverBuilder().build();
        mtaSts = MtaStsPolicies.builder(resolver).timeout(Duration.ofSeconds(2)).build();
        routing = new DnsMailRouting(resolver, mtaSts, new Random(1));
    }

    @AfterAll
    static void stopServer() {
        mtaSts.close();
        dns.close();
    }

    @Test
    void mxHostsAreOrderedByPreferenceWithoutDuplicates() throws Exception {
        MxLookup mx = routing.mx("signed.test");

        assertThat(mx.nullMx()).isFalse();
        assertThat(mx.dnssecValid()).isTrue();
        assertThat(mx.hosts()).extracting(MxLookup.MxHost::preference).containsExactly(10, 10, 20);
        assertThat(mx.hosts().subList(0, 2)).extracting(MxLookup.MxHost::name)
                .containsExactlyInAnyOrder("mx1.signed.test", "mx2.signed.test");
        assertThat(mx.hosts().get(2).name()).isEqualTo("mx3.signed.test");
        assertThat(mx.hosts()).noneMatch(MxLookup.MxHost::implicit);
    }

    @Test
    void mxHostsOfEqualPreferenceAreShuffled() throws Exception {
        DnsMailRouting shuffling = new DnsMailRouting(resolver, mtaSts);
        Set<String> firstHosts = new HashSet<>();
        for (int i = 0; i < 64 && firstHosts.size() < 2; i++) {
            firstHosts.add(shuffling.mx("signed.test").hosts().getFirst().name());
        }

        assertThat(firstHosts).containsExactlyInAnyOrder("mx1.signed.test", "mx2.signed.test");
    }

    @Test
    void domainWithOnlyAnAddressIsItsOwnImplicitMx() throws Exception {
        MxLookup mx = routing.mx("implicit.signed.test");

        assertThat(mx.hosts()).containsExactly(new MxLookup.MxHost("implicit.signed.test", 0, true));
        assertThat(mx.dnssecValid()).isTrue();
    }

    @Test
    void nullMxSaysTheDomainAcceptsNoMail() throws Exception {
        MxLookup mx = routing.mx("nullmx.signed.test");

        assertThat(mx.nullMx()).isTrue();
        assertThat(mx.hosts()).isEmpty();
    }

    @Test
    void cnameAtTheDomainIsFollowedForMx() throws Exception {
        MxLookup mx = routing.mx("alias.signed.test");

        assertThat(mx.hosts()).extracting(MxLookup.MxHost::name)
                .contains("mx1.signed.test", "mx2.signed.test", "mx3.signed.test");
    }

    @Test
    void nonexistentDomainIsPermanentFailure() {
        assertThatThrownBy(() -> routing.mx("nowhere.signed.test"))
                .isInstanceOfSatisfying(DnsException.class, e -> assertThat(e.isTemporary()).isFalse());
    }

    @Test
    void domainWithNeitherMxNorAddressIsPermanentFailure() {
        assertThatThrownBy(() -> routing.mx("nomail.signed.test"))
                .isInstanceOfSatisfying(DnsException.class, e -> assertThat(e.isTemporary()).isFalse())
                .hasMessageContaining("no MX and no address");
    }

    @Test
    void servfailIsTemporaryFailure() {
        assertThatThrownBy(() -> routing.mx("failing.plain.test"))
                .isInstanceOfSatisfying(DnsException.class, e -> assertThat(e.isTemporary()).isTrue());
    }

    @Test
    void mxFromUnsignedZoneIsNotDnssecValid() throws Exception {
        MxLookup mx = routing.mx("plain.test");

        assertThat(mx.hosts()).extracting(MxLookup.MxHost::name).containsExactly("mx.plain.test");
        assertThat(mx.dnssecValid()).isFalse();
    }

    @Test
    void addressesIncludeIpv4AndIpv6() throws Exception {
        assertThat(routing.addresses("mx1.signed.test")).containsExactly(
                InetAddress.getByName("192.0.2.10"), InetAddress.getByName("2001:db8::10"));
    }

    @Test
    void hostWithoutAddressesHasNone() throws Exception {
        assertThat(routing.addresses("nowhere.plain.test")).isEmpty();
    }

    @Test
    void validatedTlsaRecordsCountForDane() throws Exception {
        TlsaLookup tlsa = routing.tlsa("mx1.signed.test", 25);

        assertThat(tlsa.dnssecValid()).isTrue();
        assertThat(tlsa.records()).singleElement().satisfies(r -> {
            assertThat(List.of(r.usage(), r.selector(), r.matchingType())).containsExactly(3, 1, 1);
            assertThat(r.data()).isEqualTo(HexFormat.of().parseHex(HASH));
        });
    }

    @Test
    void unsignedTlsaRecordsDoNotCount() throws Exception {
        TlsaLookup tlsa = routing.tlsa("mx.plain.test", 25);

        assertThat(tlsa.dnssecValid()).isFalse();
        assertThat(tlsa.records()).isEmpty();
    }

    @Test
    void bogusTlsaDefersDelivery() {
        assertThatThrownBy(() -> routing.tlsa("mx2.signed.test", 25))
                .isInstanceOfSatisfying(DnsException.class, e -> {
                    assertThat(e.isTemporary()).isTrue();
                    assertThat(e.isDnssecBogus()).isTrue();
                });
    }

    @Test
    void securelyDeniedTlsaIsValidAndEmpty() throws Exception {
        TlsaLookup tlsa = routing.tlsa("mx.signed.test", 25);

        assertThat(tlsa.dnssecValid()).isTrue();
        assertThat(tlsa.records()).isEmpty();
    }

    @Test
    void tlsaOfCnameHostIsLookedUpAtTheCanonicalName() throws Exception {
        TlsaLookup tlsa = routing.tlsa("mx3.signed.test", 25);

        assertThat(tlsa.dnssecValid()).isTrue();
        assertThat(tlsa.records()).singleElement().extracting(TlsaLookup.TlsaRecord::usage).isEqualTo(2);
    }

    @Test
    void tlsaDoesNotCountWhenHostAddressIsInsecure() throws Exception {
        TlsaLookup tlsa = routing.tlsa("insecure-host.signed.test", 25);

        assertThat(tlsa.dnssecValid()).isFalse();
    }

    @Test
    void domainWithoutMtaStsRecordHasNoPolicy() throws Exception {
        assertThat(routing.mtaStsPolicy("signed.test")).isEmpty();
    }
}
