package dev.coffer.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coffer.account.AccountService;
import dev.coffer.account.Address;
import dev.coffer.account.DomainDkimKeys;
import dev.coffer.account.Enrollment;
import dev.coffer.config.ConfigLoader;
import dev.coffer.crypto.CertificateAuthority;
import dev.coffer.dns.DnsDkimKeyLookup;
import dev.coffer.dns.TestDnsServer;
import dev.coffer.mailauth.dkim.DkimResult;
import dev.coffer.mailauth.dkim.DkimVerifier;
import dev.coffer.smtp.DeliveryOutcome;
import dev.coffer.smtp.Envelope;
import dev.coffer.smtp.InboundMail;
import dev.coffer.smtp.RecipientCheck;
import dev.coffer.smtp.SmtpLimits;
import dev.coffer.smtp.SmtpServer;
import dev.coffer.store.Store;
import dev.coffer.testing.TestTls;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sending end to end, in-process: a client submits over implicit TLS, Coffer signs, queues,
 * finds the recipient's MX in a test DNS zone and delivers to a peer SMTP server on loopback.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SendingTest {

    /** The submitting client's address and name: neither may leave the server. */
    private static final String CLIENT_ADDRESS = "127.0.0.2";
    private static final String CLIENT_NAME = "alices-laptop.home.example";

    Path dir;
    TestDnsServer dns;
    SmtpServer peer;
    final List<byte[]> arrived = new CopyOnWriteArrayList<>();
    Server server;
    String appPassword;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        this.dir = dir;
        peer = new SmtpServer("mx.example.net", new InboundMail() {
            @Override
            public RecipientCheck checkRecipient(String address) {
                return new RecipientCheck.Accepted();
            }

            @Override
            public DeliveryOutcome deliver(Envelope envelope, java.net.InetAddress client, byte[] message) {
                arrived.add(message);
                return new DeliveryOutcome.Delivered("peer-" + arrived.size());
            }
        }, null, SmtpLimits.defaults(), false);
        peer.start(new InetSocketAddress("127.0.0.1", 0));

        CertificateAuthority.createDemo(dir, List.of("localhost"));
        try (Store store = Store.open(dir)) {
            AccountService accounts = new AccountService(store);
            var domain = accounts.addDomain("example.org");
            Address alice = Address.parse("alice@example.org");
            accounts.createAccount(alice, Enrollment.forNewAccount(alice, "alice's password".toCharArray()));
            appPassword = accounts.addAppPassword("alice@example.org", "laptop", AccountService.allScopes()).secret();
            dns = TestDnsServer.start();
            dns.zone("example.org.", true);
            dns.zone("example.net.", true);
            for (DomainDkimKeys.DnsRecord record : new DomainDkimKeys(store, Clock.systemUTC()).dnsRecords(domain)) {
                dns.add(TestDnsServer.record(record.name() + ". 300 IN TXT " + quoted(record.value())));
            }
        }
        dns.add(TestDnsServer.record("example.net. 300 IN MX 10 mx.example.net."));
        dns.add(TestDnsServer.record("mx.example.net. 300 IN A 127.0.0.1"));
        Files.writeString(dir.resolve("anchors.txt"), dns.trustAnchor());
        ConfigLoader.write(dir, """
                hostname = "mail.example.org"
                [listeners]
                smtp = ""
                submissions = "127.0.0.1:0"
                submission = ""
                imap = ""
                imaps = ""
                pop3 = ""
                pop3s = ""
                https = ""
                [dns]
                resolver = "%s"
                trust_anchors = "anchors.txt"
                [outbound]
                remote_port = %d
                """.formatted("127.0.0.1:" + dns.address().getPort(), peer.port()));
        server = Server.start(dir, ConfigLoader.load(dir));
    }

    @AfterAll
    void stop() {
        server.close();
        peer.close();
        dns.close();
    }

    @Test
    void submittedMailReachesTheRecipientsMxSignedAndWithoutTheClientsAddress() throws Exception {
        String reply = submit("alice@example.org", "carol@example.net",
                "From: Alice <alice@example.org>\r\nTo: carol@example.net\r\nSubject: hello Carol\r\n"
                        + "Received: from " + CLIENT_NAME + " [" + CLIENT_ADDRESS + "]\r\n"
                        + "X-Originating-IP: [" + CLIENT_ADDRESS + "]\r\n\r\nSee you soon.\r\n");
        assertThat(reply).startsWith("250");

        byte[] message = awaitArrival();
        String text = new String(message, StandardCharsets.UTF_8);
        assertThat(text).contains("See you soon.").doesNotContain(CLIENT_ADDRESS).doesNotContain(CLIENT_NAME);
        DkimVerifier verifier = new DkimVerifier(
                new DnsDkimKeyLookup(dns.resolverBuilder().build()), Clock.systemUTC());
        assertThat(verifier.verify(message)).hasSize(2).allMatch(result -> result instanceof DkimResult.Pass);
    }

    private byte[] awaitArrival() throws InterruptedException {
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (arrived.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(arrived).as("a message reached the peer MX within 20 s").isNotEmpty();
        return arrived.getFirst();
    }

    /** An SMTPS session from 127.0.0.2; returns the reply to the end of DATA. */
    private String submit(String from, String to, String message) throws Exception {
        try (Socket plain = new Socket()) {
            plain.bind(new InetSocketAddress(InetAddress.getByName(CLIENT_ADDRESS), 0));
            plain.connect(new InetSocketAddress("127.0.0.1", server.ports().get("submissions")), 5_000);
            SSLSocket socket = TestTls.handshake(TestTls.clientTrusting(dir.resolve("ca.pem")), plain);
            socket.setSoTimeout(20_000);
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            OutputStream out = socket.getOutputStream();
            String auth = Base64.getEncoder().encodeToString(("\0" + from + "\0" + appPassword)
                    .getBytes(StandardCharsets.UTF_8));
            reply(in);
            for (String command : List.of("EHLO " + CLIENT_NAME, "AUTH PLAIN " + auth, "MAIL FROM:<" + from + ">",
                    "RCPT TO:<" + to + ">", "DATA")) {
                out.write((command + "\r\n").getBytes(StandardCharsets.UTF_8));
                out.flush();
                String answer = reply(in);
                assertThat(answer).as(command).matches("(?s)^(2|3).*");
            }
            out.write((message + ".\r\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            return reply(in);
        }
    }

    private static String reply(BufferedReader in) throws Exception {
        StringBuilder reply = new StringBuilder();
        String line;
        do {
            line = in.readLine();
            reply.append(line).append('\n');
        } while (line != null && line.length() > 3 && line.charAt(3) == '-');
        return reply.toString();
    }

    /** A TXT value as zone-file strings of at most 255 characters. */
    private static String quoted(String value) {
        StringBuilder strings = new StringBuilder();
        for (int start = 0; start < value.length(); start += 255) {
            strings.append('"').append(value, start, Math.min(value.length(), start + 255)).append("\" ");
        }
        return strings.toString().strip();
    }
}
