package dev.coffer.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.coffer.account.AccountService;
import dev.coffer.account.AppPasswordLogin;
import dev.coffer.account.AppPasswordScope;
import dev.coffer.account.AppToken;
import dev.coffer.account.LoginThrottle;
import dev.coffer.account.WebSessions;
import dev.coffer.jmap.JmapFixture;
import dev.coffer.testing.TestTls;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** JMAP over real HTTPS: authentication, the session resource, the API's problem answers, upload, download, push. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JmapRoutesTest {

    static final ObjectMapper JSON = new ObjectMapper();

    JmapFixture fixture;
    HttpsListener https;
    HttpClient client;
    String token;
    String readOnlySecret;
    WebSessions sessions;

    @BeforeAll
    void start(@TempDir Path directory) throws Exception {
        fixture = new JmapFixture(Files.createDirectories(directory.resolve("data")));
        AccountService accounts = new AccountService(fixture.store);
        String secret = accounts.addAppPassword(JmapFixture.ALICE, "client", EnumSet.of(AppPasswordScope.JMAP)).secret();
        token = new AppToken(JmapFixture.ALICE, secret).encode();
        readOnlySecret = accounts.addAppPassword(JmapFixture.ALICE, "imap", EnumSet.of(AppPasswordScope.READ)).secret();
        Clock clock = Clock.systemUTC();
        sessions = new WebSessions(fixture.store, clock);
        AppPasswordLogin login = new AppPasswordLogin(fixture.store, new LoginThrottle(clock), clock);
        Path certificates = Files.createDirectories(directory.resolve("certificates"));
        https = new HttpsListener(TestTls.serverTls(certificates), new SecurityHeaders(false, ""),
                List.of(new JmapRoutes(fixture.jmap, sessions, login, "localhost")));
        https.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        client = HttpClient.newBuilder().sslContext(TestTls.clientTrusting(certificates.resolve("ca.pem")))
                .connectTimeout(Duration.ofSeconds(10)).build();
    }

    @AfterAll
    void stop() {
        https.close();
        fixture.close();
    }

    @Test
    void theWellKnownUriLeadsToTheSession() throws Exception {
        HttpResponse<String> response = send(request("/.well-known/jmap").GET());

        assertThat(response.statusCode()).isEqualTo(307);
        assertThat(response.headers().firstValue("Location")).hasValue("/jmap/session");
    }

    @Test
    void theSessionNamesTheAccountCapabilitiesLimitsAndUrls() throws Exception {
        JsonNode session = json(send(bearer("/jmap/session").GET()), 200);

        assertThat(session.get("username").asText()).isEqualTo(JmapFixture.ALICE);
        assertThat(session.at("/primaryAccounts/urn:ietf:params:jmap:mail").asText()).isEqualTo(fixture.accountId());
        assertThat(session.at("/capabilities/urn:ietf:params:jmap:core/maxCallsInRequest").asInt())
                .isEqualTo(fixture.limits.maxCallsInRequest());
        assertThat(session.get("apiUrl").asText()).isEqualTo("https://localhost:" + https.port() + "/jmap/api");
        assertThat(session.get("eventSourceUrl").asText()).contains("{types}", "{closeafter}", "{ping}");
    }

    @Test
    void withoutCredentialsTheAnswerIs401WithBothSchemes() throws Exception {
        HttpResponse<String> response = send(request("/jmap/session").GET());

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("WWW-Authenticate").orElseThrow()).contains("Bearer", "Basic");
        assertThat(response.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/problem+json");
    }

    @Test
    void theAccountPasswordAndAnAppPasswordWithoutTheJmapScopeAreRefused() throws Exception {
        assertThat(send(basic("/jmap/session", JmapFixture.PASSWORD).GET()).statusCode()).isEqualTo(401);
        assertThat(send(basic("/jmap/session", readOnlySecret).GET()).statusCode()).isEqualTo(401);
    }

    @Test
    void basicWithTheAppPasswordRunsARequest() throws Exception {
        String secret = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8).split(":")[1];
        JsonNode answer = json(send(basic("/jmap/api", secret).POST(body("{\"using\":[\"urn:ietf:params:jmap:core\","
                + "\"urn:ietf:params:jmap:mail\"],\"methodCalls\":[[\"Mailbox/get\",{\"ids\":null},\"0\"]]}"))), 200);

        assertThat(answer.at("/methodResponses/0/0").asText()).isEqualTo("Mailbox/get");
    }

    @Test
    void theWebmailCookieNeedsTheCsrfHeaderToPost() throws Exception {
        WebSessions.Created session = sessions.create(fixture.alice, "test");
        String api = "{\"using\":[\"urn:ietf:params:jmap:core\"],\"methodCalls\":[[\"Core/echo\",{},\"0\"]]}";

        HttpResponse<String> without = send(request("/jmap/api").header("Cookie", "coffer_session=" + session.token())
                .POST(body(api)));
        HttpResponse<String> with = send(request("/jmap/api").header("Cookie", "coffer_session=" + session.token())
                .header("X-CSRF-Token", session.session().csrfToken()).POST(body(api)));

        assertThat(without.statusCode()).isEqualTo(403);
        assertThat(with.statusCode()).isEqualTo(200);
    }

    @Test
    void requestLevelErrorsAreProblemJsonWithJmapTypes() throws Exception {
        JsonNode notJson = json(send(bearer("/jmap/api").POST(body("{nope"))), 400);
        String calls = "[\"Core/echo\",{},\"c\"],".repeat(fixture.limits.maxCallsInRequest()) + "[\"Core/echo\",{},\"c\"]";
        JsonNode limit = json(send(bearer("/jmap/api").POST(body("{\"using\":[\"urn:ietf:params:jmap:core\"],"
                + "\"methodCalls\":[" + calls + "]}"))), 400);

        assertThat(notJson.get("type").asText()).isEqualTo("urn:ietf:params:jmap:error:notJSON");
        assertThat(limit.get("type").asText()).isEqualTo("urn:ietf:params:jmap:error:limit");
        assertThat(limit.get("limit").asText()).isEqualTo("maxCallsInRequest");
    }

    @Test
    void uploadsComeBackFromTheDownloadEndpoint() throws Exception {
        JsonNode upload = json(send(bearer("/jmap/upload/" + fixture.accountId() + "/")
                .header("Content-Type", "text/plain").POST(body("uploaded bytes"))), 201);
        String blobId = upload.get("blobId").asText();

        HttpResponse<String> download = send(bearer("/jmap/download/" + fixture.accountId() + "/" + blobId
                + "/note.txt?accept=text/plain").GET());

        assertThat(upload.get("size").asInt()).isEqualTo(14);
        assertThat(download.statusCode()).isEqualTo(200);
        assertThat(download.body()).isEqualTo("uploaded bytes");
    }

    @Test
    void anUploadOverMaxSizeUploadIsRefused() throws Exception {
        byte[] large = new byte[(int) fixture.limits.maxSizeUpload() + 1];

        JsonNode problem = json(send(bearer("/jmap/upload/" + fixture.accountId() + "/")
                .POST(HttpRequest.BodyPublishers.ofByteArray(large))), 400);

        assertThat(problem.get("limit").asText()).isEqualTo("maxSizeUpload");
    }

    @Test
    void anEmailsBlobDownloadsAsTheStoredCiphertext() throws Exception {
        long uid = fixture.deliver("INBOX", "download@example.net", Set.of());
        String blobId = "B" + fixture.emailId("INBOX", uid).substring(1);

        HttpResponse<String> download = send(bearer("/jmap/download/" + fixture.accountId() + "/" + blobId + "/m.eml").GET());

        assertThat(download.statusCode()).isEqualTo(200);
        assertThat(download.body()).contains("BEGIN PGP MESSAGE").doesNotContain("secret body");
    }

    @Test
    void anotherAccountsUploadUrlIsNotFound() throws Exception {
        assertThat(send(bearer("/jmap/upload/A999/").POST(body("x"))).statusCode()).isEqualTo(404);
    }

    @Test
    void theEventSourceStreamsAStateChangeForADelivery() throws Exception {
        CompletableFuture<HttpResponse<Stream<String>>> opened = client.sendAsync(
                bearer("/jmap/eventsource?types=Email&closeafter=state&ping=0").GET().build(),
                HttpResponse.BodyHandlers.ofLines());
        HttpResponse<Stream<String>> response = opened.get(10, TimeUnit.SECONDS);
        assertThat(response.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/event-stream");
        Iterator<String> lines = response.body().iterator();
        assertThat(lines.next()).startsWith(":");

        fixture.deliver("INBOX", "push@example.net", Set.of());

        String event = CompletableFuture.supplyAsync(() -> {
            while (lines.hasNext()) {
                String line = lines.next();
                if (line.startsWith("data: ")) {
                    return line;
                }
            }
            return "";
        }).get(15, TimeUnit.SECONDS);
        assertThat(event).contains("\"@type\":\"StateChange\"", fixture.accountId(), "\"Email\"");
    }

    @Test
    void aWebSocketAnswersRequestsWithTheirIdAndPushesStateChanges() throws Exception {
        LinkedBlockingQueue<String> received = new LinkedBlockingQueue<>();
        WebSocket socket = webSocket(received);
        assertThat(socket.getSubprotocol()).isEqualTo("jmap");

        socket.sendText("{\"@type\":\"Request\",\"id\":\"r1\",\"using\":[\"urn:ietf:params:jmap:core\"],"
                + "\"methodCalls\":[[\"Core/echo\",{\"a\":1},\"0\"]]}", true).get(10, TimeUnit.SECONDS);
        JsonNode response = JSON.readTree(received.poll(10, TimeUnit.SECONDS));
        socket.sendText("{\"@type\":\"Request\",\"id\":\"r2\",\"using\":[\"urn:example\"],\"methodCalls\":[]}", true);
        JsonNode error = JSON.readTree(received.poll(10, TimeUnit.SECONDS));
        socket.sendText("{\"@type\":\"WebSocketPushEnable\",\"dataTypes\":[\"Email\"]}", true);
        Thread.sleep(500);
        fixture.deliver("INBOX", "websocket@example.net", Set.of());
        JsonNode change = JSON.readTree(received.poll(15, TimeUnit.SECONDS));

        assertThat(response.get("@type").asText()).isEqualTo("Response");
        assertThat(response.get("requestId").asText()).isEqualTo("r1");
        assertThat(response.at("/methodResponses/0/1/a").asInt()).isEqualTo(1);
        assertThat(error.get("@type").asText()).isEqualTo("RequestError");
        assertThat(error.get("requestId").asText()).isEqualTo("r2");
        assertThat(error.get("type").asText()).isEqualTo("urn:ietf:params:jmap:error:unknownCapability");
        assertThat(change.get("@type").asText()).isEqualTo("StateChange");
        assertThat(change.at("/changed/" + fixture.accountId()).has("Email")).isTrue();
        socket.sendClose(WebSocket.NORMAL_CLOSURE, "").get(10, TimeUnit.SECONDS);
    }

    @Test
    void theSessionNamesTheWebSocketEndpoint() throws Exception {
        JsonNode session = json(send(bearer("/jmap/session").GET()), 200);

        assertThat(session.at("/capabilities/urn:ietf:params:jmap:websocket/url").asText())
                .isEqualTo("wss://localhost:" + https.port() + "/jmap/ws");
        assertThat(session.at("/capabilities/urn:ietf:params:jmap:websocket/supportsPush").asBoolean()).isTrue();
    }

    @Test
    void aWebSocketWithoutCredentialsIsRefusedAndACrossSiteOneForbidden() {
        String url = "wss://localhost:" + https.port() + "/jmap/ws";

        assertThatThrownBy(() -> client.newWebSocketBuilder().subprotocols("jmap")
                .header("Origin", "https://localhost:" + https.port())
                .buildAsync(URI.create(url), new WebSocket.Listener() { }).get(10, TimeUnit.SECONDS))
                .hasCauseInstanceOf(java.net.http.WebSocketHandshakeException.class).hasStackTraceContaining("401");
        assertThatThrownBy(() -> client.newWebSocketBuilder().subprotocols("jmap")
                .header("Origin", "https://evil.example")
                .buildAsync(URI.create(url), new WebSocket.Listener() { }).get(10, TimeUnit.SECONDS))
                .hasCauseInstanceOf(java.net.http.WebSocketHandshakeException.class).hasStackTraceContaining("403");
    }

    private WebSocket webSocket(LinkedBlockingQueue<String> received) throws Exception {
        return client.newWebSocketBuilder().subprotocols("jmap").header("Authorization", "Bearer " + token)
                .buildAsync(URI.create("wss://localhost:" + https.port() + "/jmap/ws"), new WebSocket.Listener() {
                    private final StringBuilder text = new StringBuilder();

                    @Override
                    public java.util.concurrent.CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
                        text.append(data);
                        if (last) {
                            received.add(text.toString());
                            text.setLength(0);
                        }
                        socket.request(1);
                        return null;
                    }
                }).get(10, TimeUnit.SECONDS);
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create("https://localhost:" + https.port() + path))
                .timeout(Duration.ofSeconds(30));
    }

    private HttpRequest.Builder bearer(String path) {
        return request(path).header("Authorization", "Bearer " + token);
    }

    private HttpRequest.Builder basic(String path, String password) {
        return request(path).header("Authorization", "Basic " + Base64.getEncoder()
                .encodeToString((JmapFixture.ALICE + ":" + password).getBytes(StandardCharsets.UTF_8)));
    }

    private static HttpRequest.BodyPublisher body(String text) {
        return HttpRequest.BodyPublishers.ofString(text);
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(HttpResponse<String> response, int status) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        return JSON.readTree(response.body());
    }
}
