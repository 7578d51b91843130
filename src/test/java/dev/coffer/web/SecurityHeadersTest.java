package dev.coffer.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.coffer.testing.TestTls;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** Every HTTPS answer — success, 404, 405, 400, 413 — carries the security headers and no banner. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SecurityHeadersTest {

    static final Map<String, String> EXPECTED = Map.of(
            "strict-transport-security", "max-age=63072000; includeSubDomains; preload",
            "content-security-policy", "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self';"
                    + " img-src 'self' data:; connect-src 'self'; font-src 'self'; form-action 'self';"
                    + " frame-ancestors 'none'; base-uri 'none'",
            "x-content-type-options", "nosniff",
            "referrer-policy", "no-referrer",
            "cross-origin-opener-policy", "same-origin",
            "cross-origin-resource-policy", "same-origin",
            "x-frame-options", "DENY");

    WebFixture web;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        web = new WebFixture(dir, new SecurityHeaders(true, "abcdefghijklmnopqrstuvwxyz234567abcdefghijklmnopqrstuvwx.onion"));
    }

    @AfterAll
    void stop() {
        web.close();
    }

    @Test
    void successCarriesEveryHeader() throws Exception {
        HttpResponse<byte[]> response = web.get("mta-sts." + WebFixture.DOMAIN, MtaStsHosting.PATH);

        assertThat(response.statusCode()).isEqualTo(200);
        assertSecure(response, MtaStsHosting.PATH);
    }

    @Test
    void notFoundIsProblemJsonWithEveryHeader() throws Exception {
        HttpResponse<byte[]> response = web.get(WebFixture.DOMAIN, "/no/such/page?x=1");

        assertThat(response.statusCode()).isEqualTo(404);
        assertSecure(response, "/no/such/page?x=1");
        assertProblem(response, 404);
    }

    @Test
    void wrongMethodIs405ProblemJson() throws Exception {
        HttpResponse<byte[]> response = web.send(HttpRequest.newBuilder(web.uri(WebFixture.DOMAIN, MtaStsHosting.PATH))
                .DELETE());

        assertThat(response.statusCode()).isEqualTo(405);
        assertThat(response.headers().firstValue("allow")).contains("GET, HEAD");
        assertSecure(response, MtaStsHosting.PATH);
        assertProblem(response, 405);
    }

    @Test
    void malformedAutodiscoverRequestIs400ProblemJson() throws Exception {
        HttpResponse<byte[]> response = web.send(HttpRequest.newBuilder(
                web.uri(WebFixture.DOMAIN, ClientAutoconfiguration.AUTODISCOVER))
                .POST(HttpRequest.BodyPublishers.ofString("<not xml")));

        assertThat(response.statusCode()).isEqualTo(400);
        assertSecure(response, ClientAutoconfiguration.AUTODISCOVER);
        assertProblem(response, 400);
    }

    @Test
    void oversizedBodyIs413ProblemJson() throws Exception {
        byte[] body = new byte[(int) JavalinListener.MAX_REQUEST_SIZE + 1];
        HttpResponse<byte[]> response = web.send(HttpRequest.newBuilder(
                web.uri(WebFixture.DOMAIN, ClientAutoconfiguration.AUTODISCOVER))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)));

        assertThat(response.statusCode()).isEqualTo(413);
        assertSecure(response, ClientAutoconfiguration.AUTODISCOVER);
        assertProblem(response, 413);
    }

    @Test
    void requestsJettyRefusesBeforeRoutingAreProblemJsonWithEveryHeader() throws Exception {
        SSLContext context = TestTls.clientTrusting(web.caPem);
        try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket("127.0.0.1", web.https.port())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write("GET /%zz HTTP/1.1\r\nHost: webtest.example\r\nConnection: close\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

            assertThat(answer).startsWith("HTTP/1.1 400 ");
            assertThat(answer.toLowerCase(Locale.ROOT)).contains("content-type: application/problem+json",
                    "x-frame-options: deny", "strict-transport-security: max-age=63072000", "content-security-policy: ")
                    .doesNotContain("server:", "<html", "exception");
            assertThat(answer).contains("\"status\":400");
        }
    }

    @Test
    void headersAreLeftOutWhenNotConfigured() {
        SecurityHeaders plain = new SecurityHeaders(false, "");

        assertThat(plain.forTarget("/")).containsEntry("Strict-Transport-Security", "max-age=63072000; includeSubDomains")
                .doesNotContainKey("Onion-Location");
    }

    private static void assertSecure(HttpResponse<byte[]> response, String target) {
        EXPECTED.forEach((name, value) -> assertThat(response.headers().allValues(name)).as(name).containsExactly(value));
        assertThat(response.headers().firstValue("permissions-policy")).get().asString()
                .contains("camera=()", "microphone=()", "geolocation=()", "payment=()", "usb=()", "interest-cohort=()");
        assertThat(response.headers().firstValue("onion-location")).contains(
                "http://abcdefghijklmnopqrstuvwxyz234567abcdefghijklmnopqrstuvwx.onion" + target);
        assertThat(response.headers().map()).doesNotContainKeys("server", "x-powered-by");
    }

    private static void assertProblem(HttpResponse<byte[]> response, int status) throws Exception {
        assertThat(response.headers().firstValue("content-type")).get().asString().startsWith(Problem.MEDIA_TYPE);
        JsonNode problem = new ObjectMapper().readTree(response.body());
        assertThat(problem.get("type").asText()).isEqualTo("about:blank");
        assertThat(problem.get("status").asInt()).isEqualTo(status);
        assertThat(problem.get("title").asText()).isNotBlank();
        assertThat(problem.get("detail").asText()).isNotBlank().doesNotContain("Exception", "at io.", "at dev.");
    }
}
