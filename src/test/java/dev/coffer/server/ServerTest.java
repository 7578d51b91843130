package dev.coffer.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coffer.account.AccountService;
import dev.coffer.account.Address;
import dev.coffer.account.AliasService;
import dev.coffer.account.Enrollment;
import dev.coffer.config.CofferConfig;
import dev.coffer.config.ConfigLoader;
import dev.coffer.crypto.CertificateAuthority;
import dev.coffer.store.Store;
import dev.coffer.testing.TestTls;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** The whole server, started in-process on an ephemeral port, spoken to over a real socket. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ServerTest {

    Path dir;
    Server server;
    int port;
    String appPassword;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        this.dir = dir;
        ConfigLoader.write(dir, """
                hostname = "mx.example.org"
                [listeners]
                smtp = "127.0.0.1:0"
                submissions = ""
                submission = ""
                imap = ""
                imaps = ""
                pop3 = ""
                pop3s = "127.0.0.1:0"
                https = ""
                [dns]
                # No query leaves the machine: a closed loopback port, every lookup fails at once.
                resolver = "127.0.0.1:1"
                """);
        CertificateAuthority.createDemo(dir, List.of("localhost"));
        try (Store store = Store.open(dir)) {
            AccountService accounts = new AccountService(store);
            accounts.addDomain("example.org");
            Address alice = Address.parse("alice@example.org");
            accounts.createAccount(alice, Enrollment.forNewAccount(alice, "alice's password".toCharArray()));
            appPassword = accounts.addAppPassword("alice@example.org", "phone", AccountService.allScopes()).secret();
        }
        CofferConfig config = ConfigLoader.load(dir);
        server = Server.start(dir, config);
        port = server.ports().get("smtp");
    }

    @AfterAll
    void stop() {
        server.close();
    }

    @Test
    void storesNothingReadableOfADeliveredMessage() throws Exception {
        String marker = "MARKER-" + UUID.randomUUID();

        List<String> replies = converse("EHLO client.example.net", "MAIL FROM:<bob@example.net>",
                "RCPT TO:<alice+tag@example.org>", "DATA",
                "From: bob@example.net\r\nSubject: " + marker + "\r\nMessage-ID: <" + UUID.randomUUID() + "@x>\r\n\r\n"
                        + marker + " in the body\r\n.", "QUIT");

        assertThat(replies).anyMatch(reply -> reply.startsWith("250 2.0.0"));
        assertThat(filesContaining(marker)).isEmpty();
    }

    @Test
    void seesAnAliasAddedWhileRunning() throws Exception {
        try (Store store = Store.open(dir)) {
            new AliasService(store, new AccountService(store)).add("late@example.org", "alice@example.org");
        }

        List<String> replies = converse("EHLO client.example.net", "MAIL FROM:<bob@example.net>",
                "RCPT TO:<late@example.org>", "QUIT");

        assertThat(replies).anyMatch(reply -> reply.startsWith("250 2.1.5"));
    }

    @Test
    void refusesRelayAndUnknownUsers() throws Exception {
        List<String> replies = converse("EHLO client.example.net", "MAIL FROM:<bob@example.net>",
                "RCPT TO:<alice@example.com>", "RCPT TO:<nobody@example.org>", "QUIT");

        assertThat(replies).anyMatch(reply -> reply.startsWith("554 5.7.1"));
        assertThat(replies).anyMatch(reply -> reply.startsWith("550 5.1.1"));
    }

    @Test
    void pop3ServesDeliveredMailAsCiphertextAndDeletesAtQuit() throws Exception {
        String marker = "POP-MARKER-" + UUID.randomUUID();
        converse("EHLO client.example.net", "MAIL FROM:<bob@example.net>", "RCPT TO:<alice@example.org>", "DATA",
                "From: bob@example.net\r\nSubject: " + marker + "\r\n\r\nhello\r\n.", "QUIT");

        int count = messageCount();
        List<String> session = pop3s("USER alice@example.org", "PASS " + appPassword, "RETR " + count);
        assertThat(session.get(4)).contains("multipart/encrypted").contains("BEGIN PGP MESSAGE")
                .doesNotContain(marker);
        pop3s("USER alice@example.org", "PASS " + appPassword, "DELE " + count, "QUIT");
        assertThat(messageCount()).isEqualTo(count - 1);
    }

    @Test
    void pop3RefusesTheAccountPassword() throws Exception {
        List<String> session = pop3s("USER alice@example.org", "PASS alice's password");

        assertThat(session.get(2)).startsWith("-ERR [AUTH]").contains("app password");
    }

    private int messageCount() throws Exception {
        String stat = pop3s("USER alice@example.org", "PASS " + appPassword, "STAT").get(3);
        return Integer.parseInt(stat.split(" ")[1]);
    }

    /** A POP3S session: each command's first reply line, and for RETR the whole message. */
    private List<String> pop3s(String... commands) throws Exception {
        SSLContext context = TestTls.clientTrusting(dir.resolve("ca.pem"));
        List<String> replies = new ArrayList<>();
        try (Socket socket = context.getSocketFactory().createSocket("localhost", server.ports().get("pop3s"))) {
            socket.setSoTimeout(10_000);
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            OutputStream out = socket.getOutputStream();
            replies.add(in.readLine());
            for (String command : commands) {
                out.write((command + "\r\n").getBytes(StandardCharsets.UTF_8));
                out.flush();
                String status = in.readLine();
                replies.add(status);
                if (command.startsWith("RETR") && status.startsWith("+OK")) {
                    StringBuilder message = new StringBuilder();
                    for (String line = in.readLine(); !".".equals(line); line = in.readLine()) {
                        message.append(line).append('\n');
                    }
                    replies.add(message.toString());
                }
            }
        }
        return replies;
    }

    /** Sends each command and collects the replies; multi-line replies are kept whole. */
    private List<String> converse(String... commands) throws IOException {
        List<String> replies = new ArrayList<>();
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            OutputStream out = socket.getOutputStream();
            replies.add(readReply(in));
            for (String command : commands) {
                out.write((command + "\r\n").getBytes(StandardCharsets.UTF_8));
                out.flush();
                replies.add(readReply(in));
            }
        }
        return replies;
    }

    private static String readReply(BufferedReader in) throws IOException {
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

    private List<Path> filesContaining(String marker) throws IOException {
        byte[] needle = marker.getBytes(StandardCharsets.US_ASCII);
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).filter(file -> contains(file, needle)).toList();
        }
    }

    private static boolean contains(Path file, byte[] needle) {
        try {
            byte[] content = Files.readAllBytes(file);
            outer:
            for (int i = 0; i + needle.length <= content.length; i++) {
                for (int k = 0; k < needle.length; k++) {
                    if (content[i + k] != needle[k]) {
                        continue outer;
                    }
                }
                return true;
            }
            return false;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
