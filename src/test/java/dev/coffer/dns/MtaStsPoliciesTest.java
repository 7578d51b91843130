package dev.coffer.dns;

import dev.coffer.testing.MutableClock;

import static dev.coffer.dns.TestDnsServer.record;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dev.coffer.crypto.ServerTls;
import dev.coffer.testing.TestTls;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Type;

/** MTA-STS discovery against a local DNS server and a local HTTPS policy server. */
class MtaStsPoliciesTest {

    private static final String DOMAIN = "example.test";
    private static final String POLICY = "version: STSv1\r\nmode: enforce\r\nmx: mx1.example.test\r\nmax_age: 86400\r\n";

    @TempDir
    static Path certificates;

    private static TestDnsServer dns;
    private static HttpsServer https;
    private static SSLContext trustingTestCa;
    private static final AtomicInteger fetches = new AtomicInteger();
    private static volatile int status;
    private static volatile String contentType;
    private static volatile byte[] body;
    private static volatile String location;

    private final MutableClock clock = new MutableClock();
    private DnsResolver resolver;
    private MtaStsPolicies policies;

    @BeforeAll
    static void startServers() throws Exception {
        ServerTls tls = TestTls.serverTls(certificates, List.of("mta-sts.example.test"));
        https = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        https.setHttpsConfigurator(new HttpsConfigurator(tls.context()));
        https.createContext(MtaStsPolicies.WELL_KNOWN_PATH, exchange -> {
            fetches.incrementAndGet();
            try (exchange) {
                exchange.getResponseHeaders().set("Content-Type", contentType);
                if (location != null) {
                    exchange.getResponseHeaders().set("Location", location);
                }
                exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
                exchange.getResponseBody().write(body);
            }
        });
        https.start();
        trustingTestCa = TestTls.clientTrusting(certificates.resolve("ca.pem"));

        dns = TestDnsServer.start();
        dns.zone("example.test.", false);
        dns.zone("other.test.", false);
    }

    @AfterAll
    static void stopServers() {
        https.stop(0);
        dns.close();
    }

    @BeforeEach
    void serveThePolicy() throws Exception {
        status = 200;
        contentType = "text/plain";
        body = POLICY.getBytes(StandardCharsets.US_ASCII);
        location = null;
        fetches.set(0);
        dns.replace(record("_mta-sts.example.test. 0 IN TXT \"v=STSv1; id=20240101000000;\""));
        resolver = dns.resolverBuilder().cacheSize(0).build();
        policies = policiesTrusting(trustingTestCa);
    }

    @AfterEach
    void closePolicies() {
        policies.close();
    }

    @Test
    void fetchesThePolicyAnnouncedByTheTxtRecord() throws Exception {
        MtaStsPolicy policy = policies.policy(DOMAIN).orElseThrow();

        assertThat(policy.id()).isEqualTo("20240101000000");
        assertThat(policy.mode()).isEqualTo(MtaStsPolicy.Mode.ENFORCE);
        assertThat(policy.matches("mx1.example.test")).isTrue();
    }

    @Test
    void unchangedIdUsesTheCachedPolicyWithoutFetching() throws Exception {
        policies.policy(DOMAIN);
        policies.policy(DOMAIN);

        assertThat(fetches).hasValue(1);
    }

    @Test
    void changedIdFetchesThePolicyAgain() throws Exception {
        policies.policy(DOMAIN);
        dns.replace(record("_mta-sts.example.test. 0 IN TXT \"v=STSv1; id=2;\""));
        body = POLICY.replace("mode: enforce", "mode: testing").getBytes(StandardCharsets.US_ASCII);

        MtaStsPolicy policy = policies.policy(DOMAIN).orElseThrow();

        assertThat(fetches).hasValue(2);
        assertThat(policy.id()).isEqualTo("2");
        assertThat(policy.mode()).isEqualTo(MtaStsPolicy.Mode.TESTING);
    }

    @Test
    void failedFetchKeepsTheCachedPolicy() throws Exception {
        policies.policy(DOMAIN);
        dns.replace(record("_mta-sts.example.test. 0 IN TXT \"v=STSv1; id=3;\""));
        status = 500;

        MtaStsPolicy policy = policies.policy(DOMAIN).orElseThrow();

        assertThat(fetches).hasValue(2);
        assertThat(policy.id()).isEqualTo("20240101000000");
    }

    @Test
    void vanishedTxtRecordKeepsTheCachedPolicyUntilItExpires() throws Exception {
        policies.policy(DOMAIN);
        dns.remove("_mta-sts.example.test.", Type.TXT);

        assertThat(policies.policy(DOMAIN)).isPresent();
        clock.advance(Duration.ofSeconds(86_400));
        assertThat(policies.policy(DOMAIN)).isEmpty();
    }

    @Test
    void failedFetchWithoutCachedPolicyMeansNoPolicy() throws Exception {
        status = 404;

        assertThat(policies.policy(DOMAIN)).isEmpty();
    }

    @Test
    void redirectIsNotFollowed() throws Exception {
        status = 301;
        location = "https://mta-sts.example.test/elsewhere.txt";
        body = new byte[0];

        assertThat(policies.policy(DOMAIN)).isEmpty();
        assertThat(fetches).hasValue(1);
        assertThatThrownBy(() -> policies.fetch(DOMAIN, "1")).hasMessageContaining("HTTP 301");
    }

    @Test
    void policyThatIsNotTextPlainIsRejected() throws Exception {
        contentType = "text/html";

        assertThat(policies.policy(DOMAIN)).isEmpty();
        assertThatThrownBy(() -> policies.fetch(DOMAIN, "1")).hasMessageContaining("not text/plain");
    }

    @Test
    void policyLargerThan64KiBIsRejected() throws Exception {
        body = (POLICY + "x-padding: " + "a".repeat(MtaStsPolicies.MAX_POLICY_BYTES) + "\n").getBytes(StandardCharsets.US_ASCII);

        assertThat(policies.policy(DOMAIN)).isEmpty();
        assertThatThrownBy(() -> policies.fetch(DOMAIN, "1")).hasMessageContaining("larger than 65536 bytes");
    }

    @Test
    void malformedPolicyIsRejected() throws Exception {
        body = "version: STSv1\nmode: enforce\n".getBytes(StandardCharsets.US_ASCII);

        assertThat(policies.policy(DOMAIN)).isEmpty();
    }

    @Test
    void certificateForAnotherHostIsRejected() throws Exception {
        dns.replace(record("_mta-sts.other.test. 0 IN TXT \"v=STSv1; id=1;\""));

        assertThat(policies.policy("other.test")).isEmpty();
        assertThat(fetches).hasValue(1);
        assertThatThrownBy(() -> policies.fetch("other.test", "1"))
                .hasMessageContaining("not valid for mta-sts.other.test");
    }

    @Test
    void certificateFromUntrustedCaIsRejected() throws Exception {
        try (MtaStsPolicies untrusting = policiesTrusting(SSLContext.getDefault())) {
            assertThat(untrusting.policy(DOMAIN)).isEmpty();
            assertThatThrownBy(() -> untrusting.fetch(DOMAIN, "1")).isInstanceOf(MtaStsException.class);
        }
    }

    @Test
    void domainWithoutTxtRecordIsNotFetched() throws Exception {
        dns.remove("_mta-sts.example.test.", Type.TXT);

        assertThat(policies.policy(DOMAIN)).isEmpty();
        assertThat(fetches).hasValue(0);
    }

    @Test
    void routingReturnsThePolicy() throws Exception {
        DnsMailRouting routing = new DnsMailRouting(resolver, policies);

        assertThat(routing.mtaStsPolicy(DOMAIN)).map(MtaStsPolicy::mode).hasValue(MtaStsPolicy.Mode.ENFORCE);
    }

    private MtaStsPolicies policiesTrusting(SSLContext context) {
        String authority = "127.0.0.1:" + https.getAddress().getPort();
        return MtaStsPolicies.builder(resolver).sslContext(context).clock(clock)
                .timeout(Duration.ofSeconds(5))
                .policyAuthority(Map.of("mta-sts.example.test", authority, "mta-sts.other.test", authority)::get)
                .build();
    }
}
