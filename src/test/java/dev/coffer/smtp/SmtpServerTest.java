package dev.coffer.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coffer.crypto.ServerTls;
import dev.coffer.testing.Python3;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The inbound server on an ephemeral port, driven over real sockets. */
class SmtpServerTest {

    private static final String HOST = "mx.coffer.test";
    private static final SmtpLimits LIMITS = new SmtpLimits(10_000, 3, 50, Duration.ofSeconds(10), 10);

    @TempDir
    static Path certificates;

    private static TestCertificate certificate;
    private static RecordingMail mail;
    private static SmtpServer server;

    @BeforeAll
    static void startServer() throws Exception {
        certificate = TestCertificate.create(certificates);
        mail = new RecordingMail();
        server = new SmtpServer(HOST, mail, ServerTls.load(certificate.certificatePem(), certificate.keyPem()), LIMITS, false);
        server.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    @BeforeEach
    void forgetDeliveries() {
        mail.deliveries.clear();
    }

    private static SmtpTestClient connect(int port) throws IOException {
        SmtpTestClient client = new SmtpTestClient(port);
        SmtpTestClient.Reply greeting = client.reply();
        assertThat(greeting.code()).isEqualTo(220);
        assertThat(greeting.text()).startsWith(HOST);
        return client;
    }

    private static SmtpTestClient greeted() throws IOException {
        SmtpTestClient client = connect(server.port());
        assertThat(client.command("EHLO client.example").code()).isEqualTo(250);
        return client;
    }

    private static void assertReply(SmtpTestClient.Reply reply, int code, String enhanced) {
        assertThat(reply.code()).as(reply.toString()).isEqualTo(code);
        assertThat(reply.text()).as(reply.toString()).startsWith(enhanced + " ");
    }

    @Test
    void deliversAMessageSentWithData() throws Exception {
        try (SmtpTestClient client = greeted()) {
            assertReply(client.command("MAIL FROM:<bob@sender.example>"), 250, "2.1.0");
            assertReply(client.command("RCPT TO:<alice@coffer.test>"), 250, "2.1.5");
            assertThat(client.command("DATA").code()).isEqualTo(354);
            SmtpTestClient.Reply done = client.send("Subject: hi\r\n\r\nHello Alice\r\n.\r\n").reply();
            assertReply(done, 250, "2.0.0");
            assertThat(done.text()).matches("2\\.0\\.0 OK Q[0-9]+");
            assertReply(client.command("QUIT"), 221, "2.0.0");
        }
        RecordingMail.Delivery delivery = mail.last();
        assertThat(delivery.envelope()).isEqualTo(new Envelope("bob@sender.example", List.of("alice@coffer.test"),
                "client.example", null, false, Envelope.Body.SEVEN_BIT));
        assertThat(delivery.body()).isEqualTo("Subject: hi\r\n\r\nHello Alice\r\n");
        String received = delivery.text().substring(0, delivery.text().length() - delivery.body().length());
        assertThat(received).startsWith("Received: from client.example ([127.0.0.1])")
                .contains("by " + HOST + " (Coffer)", "with ESMTP id ", "for <alice@coffer.test>;", " +0000\r\n");
        assertThat(received.split("\r\n")).allSatisfy(line -> assertThat(line.length()).isLessThanOrEqualTo(78));
    }

    @Test
    void advertisesExactlyTheInboundExtensions() throws Exception {
        try (SmtpTestClient client = connect(server.port())) {
            SmtpTestClient.Reply ehlo = client.command("EHLO client.example");
            assertThat(ehlo.lines()).containsExactly(HOST, "PIPELINING", "SIZE 10000", "8BITMIME", "SMTPUTF8",
                    "ENHANCEDSTATUSCODES", "CHUNKING", "STARTTLS");
            assertThat(client.command("HELO client.example").lines()).containsExactly(HOST);
        }
    }

    @Test
    void deliversAMessageSentInBdatChunks() throws Exception {
        byte[] second = "\r\n.\r\nbinary\u0000\n.\n\r\n".getBytes(StandardCharsets.UTF_8);
        try (SmtpTestClient client = greeted()) {
            client.command("MAIL FROM:<bob@sender.example> BODY=8BITMIME");
            client.command("RCPT TO:<alice@coffer.test>");
            assertReply(client.send("BDAT 13\r\nSubject: hi\r\n").reply(), 250, "2.0.0");
            client.send(("BDAT " + second.length + " LAST\r\n").getBytes(StandardCharsets.US_ASCII));
            assertReply(client.send(second).reply(), 250, "2.0.0");
            assertReply(client.command("NOOP"), 250, "2.0.0");
        }
        RecordingMail.Delivery delivery = mail.last();
        assertThat(delivery.body()).isEqualTo("Subject: hi\r\n\r\n.\r\nbinary\u0000\n.\n\r\n");
        assertThat(delivery.envelope().body()).isEqualTo(Envelope.Body.EIGHT_BIT_MIME);
    }

    @Test
    void answersPipelinedCommandsInOrder() throws Exception {
        try (SmtpTestClient client = greeted()) {
            client.send("MAIL FROM:<bob@sender.example>\r\nRCPT TO:<alice@coffer.test>\r\n"
                    + "RCPT TO:<unknown@coffer.test>\r\nRCPT TO:<carol@coffer.test>\r\nDATA\r\n");
            assertReply(client.reply(), 250, "2.1.0");
            assertReply(client.reply(), 250, "2.1.5");
            assertReply(client.reply(), 550, "5.1.1");
            assertReply(client.reply(), 250, "2.1.5");
            assertThat(client.reply().code()).isEqualTo(354);
            assertReply(client.send("Hi\r\n.\r\nNOOP\r\n").reply(), 250, "2.0.0");
            assertReply(client.reply(), 250, "2.0.0");
        }
        assertThat(mail.last().envelope().recipients()).containsExactly("alice@coffer.test", "carol@coffer.test");
    }

    @Test
    void removesTheLeadingPeriodOfEachDataLine() throws Exception {
        try (SmtpTestClient client = greeted()) {
            client.command("MAIL FROM:<bob@sender.example>");
            client.command("RCPT TO:<alice@coffer.test>");
            client.command("DATA");
            assertReply(client.send("..one\r\n.two\r\n...\r\n. \r\n.\r\n").reply(), 250, "2.0.0");
        }
        assertThat(mail.last().body()).isEqualTo(".one\r\ntwo\r\n..\r\n \r\n");
    }

    @Test
    void doesNotEndDataAtABareLineFeedPeriod() throws Exception {
        // SMTP smuggling: "\n.\n" and "\r.\r" are not the end of the data (RFC 5321 §4.1.1.4)
        try (SmtpTestClient client = greeted()) {
            client.command("MAIL FROM:<bob@sender.example>");
            client.command("RCPT TO:<alice@coffer.test>");
            client.command("DATA");
            client.send("Subject: one\r\n\r\nfirst\n.\nMAIL FROM:<evil@x.example>\r\nRCPT TO:<alice@coffer.test>\r\n"
                    + "DATA\r\nsecond\r.\r\nthird\r.\rfourth\r\n.\r\n");
            assertReply(client.reply(), 250, "2.0.0");
            assertReply(client.command("NOOP"), 250, "2.0.0");
        }
        assertThat(mail.deliveries).hasSize(1);
        assertThat(mail.last().body()).isEqualTo("Subject: one\r\n\r\nfirst\r\n.\r\nMAIL FROM:<evil@x.example>\r\n"
                + "RCPT TO:<alice@coffer.test>\r\nDATA\r\nsecond\r.\r\nthird\r.\rfourth\r\n");
    }

    @Test
    void refusesUnknownUsersOfHostedDomains() throws Exception {
        try (SmtpTestClient client = greeted()) {
            client.command("MAIL FROM:<bob@sender.example>");
            assertReply(client.command("RCPT TO:<unknown@coffer.test>"), 550, "5.1.1");
        }
    }

    @Test
    void refusesRelayForUnhostedDomain() throws Exception {
        try (SmtpTestClient client = greeted()) {
            client.command("MAIL FROM:<bob@sender.example>");
            SmtpTestClient.Reply reply = client.command("RCPT TO:<someone@elsewhere.example>");
            assertReply(reply, 554, "5.7.1");
            assertThat(reply.text()).isEqualTo("5.7.1 Relay access denied");
        }
    }

    @Test
    void defersRecipientsThatCannotBeCheckedNow() throws Exception {
        try (SmtpTestClient client = greeted()) {
            client.command("MAIL FROM:<bob@sender.example>");
            assertReply(client.command("RCPT TO:<busy@coffer.test>"), 451, "4.3.0");
        }
    }

    @Test
    void refusesADeclaredSizeOverTheLimit() throws Exception {
        try (SmtpTestClient client = greeted()) {
            assertReply(client.command("MAIL FROM:<bob@sender.example> SIZE=10001"), 552, "5.3.4");
            assertReply(client.command("MAIL FROM:<bob@sender.example> SIZE=10000"), 250, "2.1.0");
        }
    }

    @Test
    void refusesOversizeDataOnlyAfterItEnds() throws Exception {
        try (SmtpTestClient client = greeted()) {
            client.command("MAIL FROM:<bob@sender.example>");
            client.command("RCPT TO:<alice@coffer.test>");
            client.command("DATA");
            client.send(("x".repeat(98) + "\r\n").repeat(200) + ".\r\n");
            SmtpTestClient.Reply reply = client.reply();
            assertReply(reply, 552, "5.3.4");
            assertThat(reply.text()).isEqualTo("5.3.4 Message too big");
            assertReply(client.command("NOOP"), 250, "2.0.0");
        }
        assertThat(mail.deliveries).isEmpty();
    }

    @Test
    void refusesOversizeBdatAndFailsTheTransaction() throws Exception {
        try (SmtpTestClient client = greeted()) {
            client.command("MAIL FROM:<bob@sender.example>");
            client.command("RCPT TO:<alice@coffer.test>");
            assertReply(client.send("BDAT 6000\r\n" + "x".repeat(6000)).reply(), 250, "2.0.0");
            assertReply(client.send("BDAT 6000 LAST\r\n" + "x".repeat(6000)).reply(), 552, "5.3.4");
            assertReply(client.send("BDAT 3 LAST\r\nabc").reply(), 503, "5.5.1");
        }
        assertThat(mail.deliveries).isEmpty();
    }

    @Test
    void refusesCommandLinesLongerThan512Octets() throws Exception {
        try (SmtpTestClient client = greeted()) {
            // 512 octets including CRLF is the most allowed (RFC 5321 §4.5.3.1.4)
            assertReply(client.command("NOOP " + "x".repeat(505)), 250, "2.0.0");
            SmtpTestClient.Reply reply = client.command("NOOP " + "x".repeat(506));
            assertReply(reply, 500, "5.5.2");
            assertThat(reply.text()).isEqualTo("5.5.2 Line too long");
            assertReply(client.command("NOOP"), 250, "2.0.0");
        }
    }

    @Test
    void refusesMessagesWithTextLinesLongerThan1000Octets() throws Exception {
        try (SmtpTestClient client = greeted()) {
            client.command("MAIL FROM:<bob@sender.example>");
            client.command("RCPT TO:<alice@coffer.test>");
            client.command("DATA");
            SmtpTestClient.Reply reply = client.send("x".repeat(998) + "\r\n" + "y".repeat(999) + "\r\n.\r\n").reply();
            assertReply(reply, 550, "5.6.0");
            assertThat(reply.text()).isEqualTo("5.6.0 Message line longer than 1000 octets");

            client.command("MAIL FROM:<bob@sender.example>");
            client.command("RCPT TO:<alice@coffer.test>");
            client.command("DATA");
            assertReply(client.send("x".repeat(998) + "\r\n.\r\n").reply(), 250, "2.0.0");
        }
        assertThat(mail.deliveries).hasSize(1);
    }

    @Test
    void refusesCommandsOutOfSequence() throws Exception {
        try (SmtpTestClient client = connect(server.port())) {
            assertReply(client.command("MAIL FROM:<bob@sender.example>"), 503, "5.5.1");
            client.command("EHLO client.example");
            assertReply(client.command("RCPT TO:<alice@coffer.test>"), 503, "5.5.1");
            assertReply(client.command("DATA"), 503, "5.5.1");
            client.command("MAIL FROM:<bob@sender.example>");
            assertReply(client.command("MAIL FROM:<bob@sender.example>"), 503, "5.5.1");
            assertReply(client.command("DATA"), 503, "5.5.1");
            assertReply(client.command("RSET"), 250, "2.0.0");
            assertReply(client.command("RCPT TO:<alice@coffer.test>"), 503, "5.5.1");
        }
    }

    @Test
    void explainsSyntaxErrorsInPaths() throws Exception {
        try (SmtpTestClient client = greeted()) {
            client.command("MAIL FROM:<bob@sender.example>");
            SmtpTestClient.Reply reply = client.command("RCPT TO:<alice@@coffer.test>");
            assertReply(reply, 501, "5.1.3");
            assertThat(reply.text()).contains("Bad recipient address syntax");
            assertReply(client.command("RCPT TO:alice@coffer.test"), 501, "5.5.4");
            assertReply(client.command("RCPT TO:<alice@coffer.test> NOTIFY=NEVER"), 555, "5.5.4");
        }
    }

    @Test
    void limitsRecipientsPerMessageAndKeepsDuplicatesOnce() throws Exception {
        try (SmtpTestClient client = greeted()) {
            client.command("MAIL FROM:<bob@sender.example>");
            assertReply(client.command("RCPT TO:<a@coffer.test>"), 250, "2.1.5");
            assertReply(client.command("RCPT TO:<a@coffer.test>"), 250, "2.1.5");
            assertReply(client.command("RCPT TO:<b@coffer.test>"), 250, "2.1.5");
            assertReply(client.command("RCPT TO:<c@coffer.test>"), 250, "2.1.5");
            assertReply(client.command("RCPT TO:<d@coffer.test>"), 452, "4.5.3");
            client.command("DATA");
            client.send("Hi\r\n.\r\n").reply();
        }
        assertThat(mail.last().envelope().recipients()).containsExactly("a@coffer.test", "b@coffer.test", "c@coffer.test");
        assertThat(mail.last().text()).doesNotContain("for <");
    }

    @Test
    void refusesSubmissionParametersItDoesNotAdvertise() throws Exception {
        try (SmtpTestClient client = greeted()) {
            assertReply(client.command("MAIL FROM:<bob@sender.example> REQUIRETLS"), 555, "5.5.4");
            assertReply(client.command("MAIL FROM:<bob@sender.example> AUTH=<>"), 555, "5.5.4");
            assertReply(client.command("MAIL FROM:<bob@sender.example>"), 250, "2.1.0");
        }
    }

    @Test
    void answersTheSmallCommands() throws Exception {
        try (SmtpTestClient client = greeted()) {
            assertReply(client.command("FROB"), 500, "5.5.1");
            assertReply(client.command("VRFY alice"), 252, "2.5.0");
            assertReply(client.command("EXPN staff"), 502, "5.5.1");
            assertReply(client.command("AUTH PLAIN AGFAYg=="), 503, "5.5.1");
            assertThat(client.command("HELP").code()).isEqualTo(214);
            assertReply(client.command("NOOP"), 250, "2.0.0");
            assertReply(client.command("QUIT"), 221, "2.0.0");
            assertThat(client.closedByServer()).isTrue();
        }
    }

    @Test
    void putsBodyTypeAndSmtputf8IntoTheEnvelope() throws Exception {
        try (SmtpTestClient client = greeted()) {
            client.command("MAIL FROM:<josé@sender.example> BODY=8BITMIME SMTPUTF8");
            assertReply(client.command("RCPT TO:<zoë@coffer.test>"), 250, "2.1.5");
            client.command("DATA");
            assertReply(client.send("Subject: café\r\n\r\nhé\r\n.\r\n").reply(), 250, "2.0.0");
        }
        Envelope envelope = mail.last().envelope();
        assertThat(envelope.smtpUtf8()).isTrue();
        assertThat(envelope.body()).isEqualTo(Envelope.Body.EIGHT_BIT_MIME);
        assertThat(envelope.reversePath()).isEqualTo("josé@sender.example");
        assertThat(mail.last().text()).contains("with UTF8SMTP id").contains("for <zoë@coffer.test>");
    }

    @Test
    void acceptsTheNullReversePath() throws Exception {
        try (SmtpTestClient client = greeted()) {
            assertReply(client.command("MAIL FROM:<>"), 250, "2.1.0");
            client.command("RCPT TO:<alice@coffer.test>");
            client.command("DATA");
            assertReply(client.send("Subject: bounce\r\n\r\n.\r\n").reply(), 250, "2.0.0");
        }
        assertThat(mail.last().envelope().reversePath()).isEmpty();
    }

    @Test
    void answersALocalErrorWhenDeliveryFails() throws Exception {
        try (SmtpTestClient client = greeted()) {
            client.command("MAIL FROM:<bob@sender.example>");
            client.command("RCPT TO:<crash@coffer.test>");
            client.command("DATA");
            SmtpTestClient.Reply reply = client.send("Hi\r\n.\r\n").reply();
            assertThat(reply.toString()).isEqualTo("451 4.3.0 Local error, try again later");
            assertReply(client.command("NOOP"), 250, "2.0.0");
        }
    }

    @Test
    void closesTheSessionAfterTooManyErrors() throws Exception {
        try (SmtpTestClient client = greeted()) {
            for (int i = 1; i < LIMITS.maxErrors(); i++) {
                assertReply(client.command("FROB"), 500, "5.5.1");
            }
            assertReply(client.command("FROB"), 500, "5.5.1");
            assertReply(client.reply(), 421, "4.7.0");
            assertThat(client.closedByServer()).isTrue();
        }
    }

    @Test
    void upgradesToTlsAndRequiresEhloAgain() throws Exception {
        try (SmtpTestClient client = greeted()) {
            assertReply(client.command("STARTTLS"), 220, "2.0.0");
            client.startTls(certificate.clientContext());
            assertReply(client.command("MAIL FROM:<bob@sender.example>"), 503, "5.5.1");
            SmtpTestClient.Reply ehlo = client.command("EHLO client.example");
            assertThat(ehlo.lines()).contains("CHUNKING").doesNotContain("STARTTLS");
            assertReply(client.command("STARTTLS"), 503, "5.5.1");
            client.command("MAIL FROM:<bob@sender.example>");
            client.command("RCPT TO:<alice@coffer.test>");
            client.command("DATA");
            assertReply(client.send("Subject: secret\r\n\r\nover TLS\r\n.\r\n").reply(), 250, "2.0.0");
        }
        assertThat(mail.last().envelope().tlsProtocol()).isEqualTo("TLSv1.3");
        assertThat(mail.last().text()).contains("with ESMTPS id");
    }

    @Test
    void discardsCommandsPipelinedAfterStarttls() throws Exception {
        // RFC 3207 §6 / CVE-2011-0411: plaintext sent with STARTTLS must not run inside TLS
        try (SmtpTestClient client = greeted()) {
            client.send("STARTTLS\r\nRSET\r\n");
            assertReply(client.reply(), 220, "2.0.0");
            client.startTls(certificate.clientContext());
            SmtpTestClient.Reply first = client.command("EHLO client.example");
            assertThat(first.lines().getFirst()).isEqualTo(HOST);
            assertReply(client.command("NOOP"), 250, "2.0.0");
        }
    }

    @Test
    void refusesConnectionsOverThePerAddressLimit() throws Exception {
        SmtpLimits limits = new SmtpLimits(10_000, 3, 2, Duration.ofSeconds(10), 10);
        try (SmtpServer small = new SmtpServer(HOST, mail, null, limits, false)) {
            small.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            SmtpTestClient first = connect(small.port());
            try (SmtpTestClient second = connect(small.port());
                 SmtpTestClient third = new SmtpTestClient(small.port())) {
                assertReply(third.reply(), 421, "4.7.0");
                assertThat(third.closedByServer()).isTrue();
                assertThat(second.command("EHLO client.example").lines()).doesNotContain("STARTTLS");
            }
            first.close();
            // once a session has ended, the address may connect again
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (true) {
                try (SmtpTestClient again = new SmtpTestClient(small.port())) {
                    SmtpTestClient.Reply greeting = again.reply();
                    if (greeting.code() == 220) {
                        break;
                    }
                    assertThat(System.nanoTime()).isLessThan(deadline);
                    Thread.sleep(20);
                }
            }
        }
    }

    @Test
    void closesAnIdleConnectionAfterTheCommandTimeout() throws Exception {
        SmtpLimits limits = new SmtpLimits(10_000, 3, 5, Duration.ofMillis(300), 10);
        try (SmtpServer impatient = new SmtpServer(HOST, mail, null, limits, true);
             SmtpTestClient client = startAndConnect(impatient)) {
            assertReply(client.reply(), 421, "4.4.2");
            assertThat(client.closedByServer()).isTrue();
        }
    }

    private static SmtpTestClient startAndConnect(SmtpServer server) throws IOException {
        server.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        return connect(server.port());
    }

    @Test
    void acceptsMailFromPythonSmtplibOverStarttls() throws Exception {
        Python3.run("""
                import smtplib, ssl, sys
                host, port, cafile = sys.argv[1], int(sys.argv[2]), sys.argv[3]
                context = ssl.create_default_context(cafile=cafile)
                with smtplib.SMTP(host, port, timeout=10) as smtp:
                    smtp.ehlo("python.example")
                    smtp.starttls(context=context)
                    smtp.ehlo("python.example")
                    refused = smtp.sendmail("py@sender.example", ["alice@coffer.test"],
                        "Subject: from python\\r\\n\\r\\nline one\\r\\n.dot line\\r\\n")
                    assert not refused, refused
                """, "127.0.0.1", String.valueOf(server.port()), certificate.certificatePem().toString());
        RecordingMail.Delivery delivery = mail.last();
        assertThat(delivery.envelope().reversePath()).isEqualTo("py@sender.example");
        assertThat(delivery.envelope().heloName()).isEqualTo("python.example");
        assertThat(delivery.envelope().tlsProtocol()).startsWith("TLSv1.");
        assertThat(delivery.body()).isEqualTo("Subject: from python\r\n\r\nline one\r\n.dot line\r\n");
    }
}
