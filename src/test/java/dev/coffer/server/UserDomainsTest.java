package dev.coffer.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.coffer.account.AccountService;
import dev.coffer.account.Address;
import dev.coffer.account.AliasService;
import dev.coffer.account.DomainOwnership;
import dev.coffer.account.Enrollment;
import dev.coffer.config.ConfigLoader;
import dev.coffer.crypto.CertificateAuthority;
import dev.coffer.crypto.KdfParams;
import dev.coffer.crypto.KeyDerivation;
import dev.coffer.dns.TestDnsServer;
import dev.coffer.store.Account;
import dev.coffer.store.Store;
import dev.coffer.testing.TestTls;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.CookieManager;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A user's own domain on the running server: over real SMTP its mail is refused until the
 * {@code _coffer-verify} TXT record appears in DNS (served by a DNS server on loopback) and the
 * user asks for verification over the API.
 */
class UserDomainsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PASSWORD = "alice's password";

    @TempDir
    Path dir;
    TestDnsServer dns;
    Server server;
    Account alice;
    HttpClient web;
    String csrf;

    @BeforeEach
    void start() throws Exception {
        CertificateAuthority.createDemo(dir, List.of("localhost"));
        try (Store store = Store.open(dir)) {
            AccountService accounts = new AccountService(store);
            accounts.addDomain("example.org");
            Address address = Address.parse("alice@example.org");
            alice = accounts.createAccount(address, Enrollment.forNewAccount(address, PASSWORD.toCharArray()));
        }
        dns = TestDnsServer.start();
        dns.zone("users.test.", true);
        Files.writeString(dir.resolve("anchors.txt"), dns.trustAnchor());
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
                resolver = "127.0.0.1:%d"
                trust_anchors = "anchors.txt"
                [domains]
                user_domains = true
                """.formatted(dns.address().getPort()));
        server = Server.start(dir, ConfigLoader.load(dir));
        web = HttpClient.newBuilder().sslContext(TestTls.clientTrusting(dir.resolve("ca.pem")))
                .cookieHandler(new CookieManager()).connectTimeout(Duration.ofSeconds(10)).build();
        byte[] authKey = KeyDerivation.derive(PASSWORD.toCharArray(),
                Base64.getDecoder().decode(alice.credentials().kdfSalt()), KdfParams.DEFAULT).authKey();
        HttpResponse<String> login = post("/api/auth/login", JSON.createObjectNode().put("address", "alice@example.org")
                .put("authKey", Base64.getEncoder().encodeToString(authKey)).toString());
        csrf = JSON.readTree(login.body()).get("csrfToken").asText();
    }

    @AfterEach
    void stop() {
        server.close();
        dns.close();
    }

    private HttpResponse<String> post(String path, String json) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(
                        URI.create("https://localhost:" + server.ports().get("https") + path))
                .timeout(Duration.ofSeconds(30)).POST(HttpRequest.BodyPublishers.ofString(json))
                .header("Content-Type", "application/json");
        if (csrf != null) {
            request.header("X-CSRF-Token", csrf);
        }
        return web.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The server's reply to RCPT TO:<recipient> in a plain SMTP session. */
    private String rcptReply(String recipient) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", server.ports().get("smtp"))) {
            socket.setSoTimeout(30_000);
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
            OutputStream out = socket.getOutputStream();
            reply(in);
            out.write("EHLO client.example.net\r\n".getBytes(StandardCharsets.US_ASCII));
            reply(in);
            out.write("MAIL FROM:<bob@example.net>\r\n".getBytes(StandardCharsets.US_ASCII));
            reply(in);
            out.write(("RCPT TO:<" + recipient + ">\r\n").getBytes(StandardCharsets.US_ASCII));
            String rcpt = reply(in);
            out.write("QUIT\r\n".getBytes(StandardCharsets.US_ASCII));
            return rcpt;
        }
    }

    /** The last line of a (multi-line) reply. */
    private static String reply(BufferedReader in) throws Exception {
        String line = in.readLine();
        while (line != null && line.length() > 3 && line.charAt(3) == '-') {
            line = in.readLine();
        }
        return line;
    }

    @Test
    void mailForAUsersDomainIsRefusedUntilItsTxtTokenIsPublishedAndVerified() throws Exception {
        JsonNode claim = JSON.readTree(post("/api/account/domains", "{\"domain\":\"users.test\"}").body());
        String recordName = claim.at("/txt/name").asText();
        String token = claim.at("/txt/value").asText();

        assertThat(rcptReply("hello@users.test")).startsWith("554 5.7.1");
        assertThat(post("/api/account/domains/users.test/verify", "{}").statusCode()).isEqualTo(409);
        assertThat(rcptReply("hello@users.test")).startsWith("554 5.7.1");

        dns.add(TestDnsServer.record(recordName + ". 300 IN TXT \"" + token + "\""));
        Thread.sleep(DomainOwnership.LOOKUP_INTERVAL.toMillis());
        HttpResponse<String> verified = post("/api/account/domains/users.test/verify", "{}");
        assertThat(verified.statusCode()).as(verified.body()).isEqualTo(200);
        Store store = server.store();
        new AliasService(store, new AccountService(store)).add("hello@users.test", "alice@example.org");

        assertThat(rcptReply("hello@users.test")).startsWith("250");
        assertThat(rcptReply("nobody@users.test")).startsWith("550");
    }
}
