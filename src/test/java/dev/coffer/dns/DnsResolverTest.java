package dev.coffer.dns;

import dev.coffer.testing.MutableClock;

import static dev.coffer.dns.TestDnsServer.record;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Type;

class DnsResolverTest {

    private static TestDnsServer dns;
    private static DnsResolver resolver;

    @BeforeAll
    static void startServer() throws Exception {
        dns = TestDnsServer.start();
        dns.zone("example.test.", true);
        dns.zone("plain.test.", false);
        dns.add(record("host.example.test. 300 IN A 192.0.2.1"));
        dns.add(record("host.plain.test. 300 IN A 192.0.2.2"));
        dns.add(record("alias.example.test. 300 IN CNAME host.example.test."));
        dns.add(record("forged.example.test. 300 IN A 192.0.2.66"));
        dns.breakSignature("forged.example.test.", Type.A);
        dns.failWith("broken.plain.test.", Rcode.SERVFAIL);
        dns.add(record("split.example.test. 300 IN TXT \"v=DKIM1; k=ed25519; \" \"p=11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=\""));
        for (int i = 0; i < 30; i++) {
            dns.add(record("big.plain.test. 300 IN TXT \"" + "record " + i + " " + "x".repeat(90) + "\""));
        }
        resolver = dns.resolverBuilder().build();
    }

    @AfterAll
    static void stopServer() {
        dns.close();
    }

    @Test
    void answerFromSignedZoneIsSecure() throws Exception {
        DnsAnswer answer = resolver.lookup("host.example.test", Type.A);

        assertThat(answer.records(ARecord.class)).extracting(ARecord::getAddress)
                .containsExactly(InetAddress.getByName("192.0.2.1"));
        assertThat(answer.security()).isEqualTo(DnsAnswer.Security.SECURE);
    }

    @Test
    void answerFromUnsignedZoneIsInsecure() throws Exception {
        DnsAnswer answer = resolver.lookup("host.plain.test", Type.A);

        assertThat(answer.records()).hasSize(1);
        assertThat(answer.security()).isEqualTo(DnsAnswer.Security.INSECURE);
    }

    @Test
    void badSignatureIsBogusAndTemporary() {
        assertThatThrownBy(() -> resolver.lookup("forged.example.test", Type.A))
                .isInstanceOfSatisfying(DnsException.class, e -> {
                    assertThat(e.isDnssecBogus()).isTrue();
                    assertThat(e.isTemporary()).isTrue();
                });
    }

    @Test
    void signedNxdomainIsSecureAndSaysNameDoesNotExist() throws Exception {
        DnsAnswer answer = resolver.lookup("nothing.example.test", Type.A);

        assertThat(answer.nameExists()).isFalse();
        assertThat(answer.records()).isEmpty();
        assertThat(answer.security()).isEqualTo(DnsAnswer.Security.SECURE);
    }

    @Test
    void signedNodataIsSecureAndSaysNameExists() throws Exception {
        DnsAnswer answer = resolver.lookup("host.example.test", Type.AAAA);

        assertThat(answer.nameExists()).isTrue();
        assertThat(answer.records()).isEmpty();
        assertThat(answer.security()).isEqualTo(DnsAnswer.Security.SECURE);
    }

    @Test
    void cnameIsFollowedToTheCanonicalName() throws Exception {
        DnsAnswer answer = resolver.lookup("alias.example.test", Type.A);

        assertThat(answer.canonicalName().toString()).isEqualTo("host.example.test.");
        assertThat(answer.records()).hasSize(1);
        assertThat(answer.security()).isEqualTo(DnsAnswer.Security.SECURE);
    }

    @Test
    void servfailIsTemporaryButNotBogus() {
        assertThatThrownBy(() -> resolver.lookup("broken.plain.test", Type.A))
                .isInstanceOfSatisfying(DnsException.class, e -> {
                    assertThat(e.isTemporary()).isTrue();
                    assertThat(e.isDnssecBogus()).isFalse();
                });
    }

    @Test
    void truncatedUdpAnswerIsRetriedOverTcp() throws Exception {
        int tcpBefore = dns.tcpQueryCount();

        List<String> texts = resolver.txt("big.plain.test").orElseThrow();

        assertThat(texts).hasSize(30);
        assertThat(dns.tcpQueryCount()).isGreaterThan(tcpBefore);
    }

    @Test
    void txtStringsOfOneRecordAreConcatenated() throws Exception {
        assertThat(resolver.txt("split.example.test").orElseThrow())
                .containsExactly("v=DKIM1; k=ed25519; p=11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=");
    }

    @Test
    void txtOfMissingNameIsEmpty() throws Exception {
        assertThat(resolver.txt("missing.plain.test")).isEmpty();
    }

    @Test
    void answersAreCachedForTheirTtl() throws Exception {
        resolver.lookup("host.plain.test", Type.A);
        int before = dns.queryCount();

        resolver.lookup("host.plain.test", Type.A);

        assertThat(dns.queryCount()).isEqualTo(before);
    }

    @Test
    void answerIsAskedAgainOnceItsTtlHasPassed() throws Exception {
        MutableClock clock = new MutableClock();
        DnsResolver caching = dns.resolverBuilder().clock(clock).build();
        caching.lookup("host.plain.test", Type.A);
        int afterFirst = dns.queryCount();

        clock.advance(Duration.ofSeconds(299));
        caching.lookup("host.plain.test", Type.A);
        assertThat(dns.queryCount()).isEqualTo(afterFirst);

        clock.advance(Duration.ofSeconds(1));
        caching.lookup("host.plain.test", Type.A);
        assertThat(dns.queryCount()).isGreaterThan(afterFirst);
    }

    @Test
    void nxdomainIsCachedForTheSoaMinimum() throws Exception {
        MutableClock clock = new MutableClock();
        DnsResolver caching = dns.resolverBuilder().clock(clock).build();
        caching.lookup("gone.plain.test", Type.A);
        int afterFirst = dns.queryCount();

        clock.advance(Duration.ofSeconds(299));
        assertThat(caching.lookup("gone.plain.test", Type.A).nameExists()).isFalse();
        assertThat(dns.queryCount()).isEqualTo(afterFirst);

        clock.advance(Duration.ofSeconds(1));
        caching.lookup("gone.plain.test", Type.A);
        assertThat(dns.queryCount()).isGreaterThan(afterFirst);
    }

    @Test
    void serverFailureIsRememberedForTheFailureTtl() throws Exception {
        MutableClock clock = new MutableClock();
        DnsResolver caching = dns.resolverBuilder().clock(clock).failureCacheTtl(Duration.ofSeconds(30)).build();
        assertThatThrownBy(() -> caching.lookup("broken.plain.test", Type.A)).isInstanceOf(DnsException.class);
        int afterFirst = dns.queryCount();

        clock.advance(Duration.ofSeconds(29));
        assertThatThrownBy(() -> caching.lookup("broken.plain.test", Type.A))
                .isInstanceOfSatisfying(DnsException.class, e -> assertThat(e.isTemporary()).isTrue())
                .hasMessageContaining("SERVFAIL");
        assertThat(dns.queryCount()).isEqualTo(afterFirst);

        clock.advance(Duration.ofSeconds(1));
        assertThatThrownBy(() -> caching.lookup("broken.plain.test", Type.A)).isInstanceOf(DnsException.class);
        assertThat(dns.queryCount()).isGreaterThan(afterFirst);
    }

    @Test
    void resolverWithoutCacheAsksAgainAfterAFailure() throws Exception {
        DnsResolver uncached = dns.resolverBuilder().cacheSize(0).build();
        assertThatThrownBy(() -> uncached.lookup("broken.plain.test", Type.A)).isInstanceOf(DnsException.class);
        int afterFirst = dns.queryCount();

        assertThatThrownBy(() -> uncached.lookup("broken.plain.test", Type.A)).isInstanceOf(DnsException.class);

        assertThat(dns.queryCount()).isGreaterThan(afterFirst);
    }

    @Test
    void unreachableServerIsTemporaryFailure() throws Exception {
        InetSocketAddress nobody;
        try (java.net.DatagramSocket socket = new java.net.DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            nobody = new InetSocketAddress(InetAddress.getLoopbackAddress(), socket.getLocalPort());
        }
        DnsResolver silent = DnsResolver.builder().servers(nobody).timeout(Duration.ofMillis(300)).build();

        assertThatThrownBy(() -> silent.lookup("host.example.test", Type.A))
                .isInstanceOfSatisfying(DnsException.class, e -> assertThat(e.isTemporary()).isTrue());
    }

    @Test
    void invalidNameIsPermanentFailure() {
        assertThatThrownBy(() -> resolver.lookup("a..b", Type.A))
                .isInstanceOfSatisfying(DnsException.class, e -> assertThat(e.isTemporary()).isFalse());
    }
}
