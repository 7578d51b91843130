package dev.coffer.dns.check;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.coffer.dns.MtaStsException;
import dev.coffer.dns.MtaStsPolicy;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PolicyFetchTest {

    private static final String POLICY = "version: STSv1\r\nmode: enforce\r\nmx: mx.example.org\r\nmax_age: 86400\r\n";
    private static Path policyHost;
    private static Path otherHost;
    private static X509TrustManager trust;
    private final List<String> requests = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void certificates(@TempDir Path directory) throws Exception {
        policyHost = directory.resolve("policy");
        TestCertificates issued = TestCertificates.issue(policyHost, "mta-sts.example.org");
        otherHost = directory.resolve("other");
        TestCertificates.issue(otherHost, "www.example.org");
        trust = CheckTrust.of(List.of(issued.caFile(), otherHost.resolve("ca.pem"))).manager();
    }

    private MtaStsPolicy fetch(Path certificate, X509TrustManager trusting, String response) throws Exception {
        try (TestTlsServer server = TestTlsServer.start(certificate, false, UnaryOperator.identity(), tls -> {
            BufferedReader in = new BufferedReader(new InputStreamReader(tls.getInputStream(), StandardCharsets.US_ASCII));
            StringBuilder request = new StringBuilder();
            for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
                request.append(line).append('\n');
            }
            requests.add(request.toString());
            tls.getOutputStream().write(response.getBytes(StandardCharsets.US_ASCII));
            tls.getOutputStream().flush();
        })) {
            return new PolicyFetch(trusting, Duration.ofSeconds(5))
                    .fetch("example.org", "id1", InetAddress.getLoopbackAddress(), server.port());
        }
    }

    private static String ok(String contentType, String body) {
        return "HTTP/1.1 200 OK\r\nContent-Type: " + contentType + "\r\nContent-Length: " + body.length() + "\r\n\r\n" + body;
    }

    @Test
    void fetchesAndParsesThePolicyNamingThePolicyHost() throws Exception {
        MtaStsPolicy policy = fetch(policyHost, trust, ok("text/plain; charset=utf-8", POLICY));

        assertThat(policy.id()).isEqualTo("id1");
        assertThat(policy.mode()).isEqualTo(MtaStsPolicy.Mode.ENFORCE);
        assertThat(policy.mxPatterns()).containsExactly("mx.example.org");
        assertThat(requests.getFirst()).startsWith("GET /.well-known/mta-sts.txt HTTP/1.1\n")
                .containsPattern("Host: mta-sts\\.example\\.org:\\d+\n");
    }

    @Test
    void readsAChunkedBody() throws Exception {
        String response = "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "10\r\n" + POLICY.substring(0, 16) + "\r\n"
                + Integer.toHexString(POLICY.length() - 16) + "\r\n" + POLICY.substring(16) + "\r\n0\r\n\r\n";

        assertThat(fetch(policyHost, trust, response).mxPatterns()).containsExactly("mx.example.org");
    }

    @Test
    void doesNotFollowRedirects() {
        // RFC 8461 §3.3
        assertThatThrownBy(() -> fetch(policyHost, trust, "HTTP/1.1 301 Moved\r\nLocation: https://x/\r\nContent-Length: 0\r\n\r\n"))
                .isInstanceOf(MtaStsException.class).hasMessageContaining("HTTP 301");
    }

    @Test
    void refusesAPolicyThatIsNotPlainText() {
        assertThatThrownBy(() -> fetch(policyHost, trust, ok("text/html", POLICY)))
                .isInstanceOf(MtaStsException.class).hasMessageContaining("not text/plain");
    }

    @Test
    void refusesACertificateForAnotherName() {
        assertThatThrownBy(() -> fetch(otherHost, trust, ok("text/plain", POLICY)))
                .isInstanceOf(MtaStsException.class).hasMessageContaining("not mta-sts.example.org");
    }

    @Test
    void refusesAnUntrustedCertificate() throws Exception {
        X509TrustManager jdkOnly = CheckTrust.of(List.of()).manager();

        assertThatThrownBy(() -> fetch(policyHost, jdkOnly, ok("text/plain", POLICY)))
                .isInstanceOf(MtaStsException.class).hasMessageContaining("no TLS with the policy server");
    }

    @Test
    void refusesAPolicyLargerThan64KiB() {
        String huge = POLICY + "x".repeat(70 * 1024);

        assertThatThrownBy(() -> fetch(policyHost, trust, ok("text/plain", huge)))
                .isInstanceOf(MtaStsException.class).hasMessageContaining("larger than");
    }

    @Test
    void reportsAnInvalidPolicy() {
        assertThatThrownBy(() -> fetch(policyHost, trust, ok("text/plain", "version: STSv1\r\n")))
                .isInstanceOf(MtaStsException.class).hasMessageContaining("no mode");
    }
}
