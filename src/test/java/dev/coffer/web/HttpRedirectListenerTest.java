package dev.coffer.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The plain-HTTP listener sends everything to HTTPS, except ACME challenges. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HttpRedirectListenerTest {

    final AcmeChallenges challenges = new AcmeChallenges();
    final HttpClient client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(10)).build();
    HttpRedirectListener http;
    HttpRedirectListener onStandardPort;

    @BeforeAll
    void start() {
        http = new HttpRedirectListener(challenges, 8443, "mail.example.org");
        http.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        onStandardPort = new HttpRedirectListener(challenges, 443, "mail.example.org");
        onStandardPort.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    }

    @AfterAll
    void stop() {
        http.close();
        onStandardPort.close();
    }

    @Test
    void redirectsToTheSameHostAndTargetOverHttps() throws Exception {
        HttpResponse<String> response = get(http, "/some/path?x=1&y=%20");

        assertThat(response.statusCode()).isEqualTo(301);
        assertThat(response.headers().firstValue("location")).contains("https://127.0.0.1:8443/some/path?x=1&y=%20");
        assertThat(response.headers().map()).doesNotContainKeys("server", "x-powered-by", "strict-transport-security");
    }

    @Test
    void leavesOutTheStandardPort() throws Exception {
        assertThat(get(onStandardPort, "/").headers().firstValue("location")).contains("https://127.0.0.1/");
    }

    @Test
    void redirectsEveryMethod() throws Exception {
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(uri(http, "/form"))
                .POST(HttpRequest.BodyPublishers.ofString("a=b")).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(301);
    }

    @Test
    void servesKnownAcmeChallengesAndNothingElseThere() throws Exception {
        challenges.put("tok_en-1", "tok_en-1.thumbprint");

        HttpResponse<String> known = get(http, "/.well-known/acme-challenge/tok_en-1");
        HttpResponse<String> unknown = get(http, "/.well-known/acme-challenge/other");

        assertThat(known.statusCode()).isEqualTo(200);
        assertThat(known.body()).isEqualTo("tok_en-1.thumbprint");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.headers().firstValue("content-type")).get().asString().startsWith(Problem.MEDIA_TYPE);
        challenges.remove("tok_en-1");
        assertThat(get(http, "/.well-known/acme-challenge/tok_en-1").statusCode()).isEqualTo(404);
    }

    private HttpResponse<String> get(HttpRedirectListener listener, String target) throws Exception {
        return client.send(HttpRequest.newBuilder(uri(listener, target)).timeout(Duration.ofSeconds(20)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static URI uri(HttpRedirectListener listener, String target) {
        return URI.create("http://127.0.0.1:" + listener.port() + target);
    }
}
