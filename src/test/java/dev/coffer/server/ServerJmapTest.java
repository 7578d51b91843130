package dev.coffer.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.coffer.account.AccountService;
import dev.coffer.account.Address;
import dev.coffer.account.AppPasswordScope;
import dev.coffer.account.AppToken;
import dev.coffer.account.Enrollment;
import dev.coffer.config.ConfigLoader;
import dev.coffer.crypto.CertificateAuthority;
import dev.coffer.store.Store;
import dev.coffer.testing.TestTls;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** JMAP as the server wires it: an SMTP delivery is pushed over EventSource and found by Email/changes and get. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ServerJmapTest {

    static final ObjectMapper JSON = new ObjectMapper();

    Server server;
    HttpClient client;
    String token;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        ConfigLoader.write(dir, """
                hostname = "localhost"
                [listeners]
                smtp = "127.0.0.1:0"
                submissions = ""
                submission = ""
                imap = ""
                imaps = ""
                pop3 = ""
                pop3s = ""
                https = "127.0.0.1:0"
                http = ""
                managesieve = ""
                [dns]
                resolver = "127.0.0.1:1"
                """);
        CertificateAuthority.createDemo(dir, List.of("localhost"));
        try (Store store = Store.open(dir)) {
            AccountService accounts = new AccountService(store);
            accounts.addDomain("example.org");
            Address alice = Address.parse("alice@example.org");
            accounts.createAccount(alice, Enrollment.forNewAccount(alice, "alice's password".toCharArray()));
            String secret = accounts.addAppPassword("alice@example.org", "jmap", EnumSet.of(AppPasswordScope.JMAP))
                    .secret();
            token = new AppToken("alice@example.org", secret).encode();
        }
        server = Server.start(dir, ConfigLoader.load(dir));
        client = HttpClient.newBuilder().sslContext(TestTls.clientTrusting(dir.resolve("ca.pem")))
                .connectTimeout(Duration.ofSeconds(10)).build();
    }

    @AfterAll
    void stop() {
        server.close();
    }

    @Test
    void anSmtpDeliveryIsPushedAndSyncedOverJmap() throws Exception {
        JsonNode session = JSON.readTree(get("/jmap/session").body());
        String accountId = session.at("/primaryAccounts/urn:ietf:params:jmap:mail").asText();
        String since = api("[[\"Email/get\",{\"accountId\":\"" + accountId + "\",\"ids\":[]},\"0\"]]")
                .at("/methodResponses/0/1/state").asText();
        HttpResponse<Stream<String>> push = client.send(request("/jmap/eventsource?types=*&closeafter=state&ping=0")
                .GET().build(), HttpResponse.BodyHandlers.ofLines());
        Iterator<String> lines = push.body().iterator();
        assertThat(lines.next()).startsWith(":");
        String messageId = UUID.randomUUID() + "@example.net";

        deliver("From: Bob <bob@example.net>\r\nTo: alice@example.org\r\nSubject: hello\r\nMessage-ID: <" + messageId
                + ">\r\n\r\nhello\r\n.");

        String event = CompletableFuture.supplyAsync(() -> {
            while (lines.hasNext()) {
                String line = lines.next();
                if (line.startsWith("data: ")) {
                    return line;
                }
            }
            return "";
        }).get(20, TimeUnit.SECONDS);
        assertThat(event).contains("StateChange", "\"Email\"", "\"EmailDelivery\"", "\"Mailbox\"");
        JsonNode responses = api("[[\"Email/changes\",{\"accountId\":\"" + accountId + "\",\"sinceState\":\"" + since
                + "\"},\"c\"],[\"Email/get\",{\"accountId\":\"" + accountId + "\",\"#ids\":{\"resultOf\":\"c\","
                + "\"name\":\"Email/changes\",\"path\":\"/created\"},\"properties\":[\"messageId\",\"from\"]},\"g\"]]")
                .get("methodResponses");
        assertThat(responses.at("/1/1/list/0/messageId/0").asText()).isEqualTo(messageId);
        assertThat(responses.at("/1/1/list/0/from/0/email").asText()).isEqualTo("bob@example.net");
    }

    private JsonNode api(String calls) throws Exception {
        HttpResponse<String> response = client.send(request("/jmap/api").POST(HttpRequest.BodyPublishers.ofString(
                "{\"using\":[\"urn:ietf:params:jmap:core\",\"urn:ietf:params:jmap:mail\"],\"methodCalls\":" + calls + "}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private HttpResponse<String> get(String path) throws Exception {
        return client.send(request(path).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create("https://localhost:" + server.ports().get("https") + path))
                .header("Authorization", "Bearer " + token).timeout(Duration.ofSeconds(30));
    }

    private void deliver(String data) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", server.ports().get("smtp"))) {
            socket.setSoTimeout(10_000);
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            OutputStream out = socket.getOutputStream();
            String reply = readReply(in);
            for (String command : List.of("EHLO client.example.net", "MAIL FROM:<bob@example.net>",
                    "RCPT TO:<alice@example.org>", "DATA", data, "QUIT")) {
                out.write((command + "\r\n").getBytes(StandardCharsets.UTF_8));
                out.flush();
                reply = readReply(in);
                if (command.equals(data)) {
                    assertThat(reply).startsWith("250");
                }
            }
        }
    }

    private static String readReply(BufferedReader in) throws Exception {
        StringBuilder reply = new StringBuilder();
        String line;
        do {
            line = in.readLine();
            if (line == null) {
                break;
            }
            reply.append(line).append('\n');
        } while (line.length() > 3 && line.charAt(3) == '-');
        return reply.toString();
    }
}
