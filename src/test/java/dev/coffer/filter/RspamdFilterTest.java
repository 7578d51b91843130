package dev.coffer.filter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.coffer.mailauth.MessageOrigin;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** RspamdFilter against a fake Rspamd on a loopback port: what it sends and how it reads each answer. */
class RspamdFilterTest {

    private HttpServer server;
    private final AtomicReference<String> reply = new AtomicReference<>();
    private final AtomicReference<Integer> status = new AtomicReference<>(200);
    private final AtomicReference<Duration> delay = new AtomicReference<>(Duration.ZERO);
    private final Map<String, List<String>> seenHeaders = new ConcurrentHashMap<>();
    private final AtomicReference<String> seenPath = new AtomicReference<>();
    private final AtomicReference<byte[]> seenBody = new AtomicReference<>();

    @BeforeEach
    void startFakeRspamd() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 10);
        server.createContext("/", this::answer);
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private void answer(HttpExchange exchange) throws IOException {
        seenPath.set(exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath());
        exchange.getRequestHeaders().forEach(seenHeaders::put);
        seenBody.set(exchange.getRequestBody().readAllBytes());
        try {
            Thread.sleep(delay.get());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        byte[] body = reply.get().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status.get(), body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    }

    private RspamdFilter filter(boolean required) {
        return new RspamdFilter(URI.create("http://127.0.0.1:" + server.getAddress().getPort()), required,
                Duration.ofSeconds(2), Duration.ofSeconds(2));
    }

    private static String answer(String action, double score) {
        return """
                {"is_skipped":false,"score":%s,"required_score":15.0,"action":"%s",
                 "symbols":{"R_SPF_ALLOW":{"name":"R_SPF_ALLOW","score":-0.2},"MISSING_MID":{"name":"MISSING_MID","score":2.5}},
                 "messages":{}}""".formatted(score, action);
    }

    @Test
    void postsTheMessageToCheckv2WithTheEnvelopeInHeaders() {
        reply.set(answer("no action", 1.0));
        FilterInput input = new FilterInput(Inputs.origin("192.0.2.99"), Inputs.passing(),
                List.of("bob@coffer.test", "carol@coffer.test"), "Subject: hi\r\n\r\nhello\r\n".getBytes(StandardCharsets.UTF_8));

        filter(true).check(input);

        assertThat(seenPath.get()).isEqualTo("POST /checkv2");
        assertThat(seenHeaders.get("Ip")).containsExactly("192.0.2.99");
        assertThat(seenHeaders.get("Helo")).containsExactly("mail.example.org");
        assertThat(seenHeaders.get("From")).containsExactly("alice@example.org");
        assertThat(seenHeaders.get("Rcpt")).containsExactly("bob@coffer.test", "carol@coffer.test");
        assertThat(seenHeaders.get("Queue-id")).hasSize(1);
        assertThat(seenBody.get()).isEqualTo(input.message());
    }

    @Test
    void sendsTheNullReversePathAsAngleBrackets() {
        reply.set(answer("no action", 0));
        FilterInput bounce = new FilterInput(new MessageOrigin(InetAddress.getLoopbackAddress(),
                "mx.example.org", ""), Inputs.passing(), List.of("bob@coffer.test"), new byte[] {'x'});

        filter(true).check(bounce);

        assertThat(seenHeaders.get("From")).containsExactly("<>");
    }

    @Test
    void deliversOnNoActionWithRspamdsScore() {
        reply.set(answer("no action", 1.5));

        FilterVerdict verdict = filter(true).check(Inputs.clean());

        assertThat(verdict).isInstanceOfSatisfying(FilterVerdict.Accept.class, accept -> {
            assertThat(accept.score()).isEqualTo(1.5);
            assertThat(accept.reasons()).contains("rspamd: no action (score 1.5)", "MISSING_MID");
        });
    }

    @Test
    void filesInJunkOnAddHeaderAndRewriteSubject() {
        reply.set(answer("add header", 7.0));
        assertThat(filter(true).check(Inputs.clean())).isInstanceOfSatisfying(FilterVerdict.Junk.class,
                junk -> assertThat(junk.score()).isEqualTo(7.0));
        reply.set(answer("rewrite subject", 9.0));
        assertThat(filter(true).check(Inputs.clean())).isInstanceOf(FilterVerdict.Junk.class);
    }

    @Test
    void refusesOnReject() {
        reply.set(answer("reject", 20.0));

        assertThat(filter(true).check(Inputs.clean())).isEqualTo(
                new FilterVerdict.Reject(550, "5.7.1", "Message refused as spam by the content filter"));
    }

    @Test
    void tempfailsOnSoftRejectAndGreylist() {
        reply.set(answer("soft reject", 5.0));
        assertThat(filter(false).check(Inputs.clean())).isEqualTo(new FilterVerdict.TempFail("4.7.1", "Try again later"));
        reply.set(answer("greylist", 4.0));
        assertThat(filter(false).check(Inputs.clean())).isEqualTo(new FilterVerdict.TempFail("4.7.1", "Try again later"));
    }

    @Test
    void anHttpErrorTempfailsWhenRequiredAndDeliversWhenNot() {
        reply.set("{\"error\":\"internal\"}");
        status.set(500);

        assertThat(filter(true).check(Inputs.clean())).isInstanceOf(FilterVerdict.TempFail.class);
        assertThat(filter(false).check(Inputs.clean())).isEqualTo(
                new FilterVerdict.Accept(0, List.of("rspamd unavailable: http-status-500")));
    }

    @Test
    void anUnreadableOrUnknownReplyCountsAsUnavailable() {
        reply.set("<html>not json</html>");
        assertThat(filter(true).check(Inputs.clean())).isInstanceOf(FilterVerdict.TempFail.class);
        reply.set(answer("discard", 3.0));
        assertThat(filter(false).check(Inputs.clean())).isEqualTo(
                new FilterVerdict.Accept(0, List.of("rspamd unavailable: unreadable-reply")));
    }

    @Test
    void aSilentScannerTimesOut() {
        reply.set(answer("no action", 0));
        delay.set(Duration.ofSeconds(5));
        long start = System.nanoTime();

        FilterVerdict verdict = filter(true).check(Inputs.clean());

        assertThat(verdict).isInstanceOf(FilterVerdict.TempFail.class);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(4));
    }

    @Test
    void anUnreachableScannerTempfailsWhenRequiredAndDeliversWhenNot() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        URI nowhere = URI.create("http://127.0.0.1:" + closedPort + "/");

        assertThat(new RspamdFilter(nowhere, true).check(Inputs.clean())).isEqualTo(
                new FilterVerdict.TempFail("4.7.1", "Content filter unavailable, try again later"));
        assertThat(new RspamdFilter(nowhere, false).check(Inputs.clean())).isEqualTo(
                new FilterVerdict.Accept(0, List.of("rspamd unavailable: unreachable")));
    }

    @Test
    void rejectsAConfiguredUrlThatIsNotHttp() {
        assertThatThrownBy(() -> RspamdFilter.baseUri("127.0.0.1:11333"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("filter.rspamd_url");
        assertThat(RspamdFilter.baseUri("http://[::1]:11333")).hasHost("[::1]").hasPort(11333);
    }
}
