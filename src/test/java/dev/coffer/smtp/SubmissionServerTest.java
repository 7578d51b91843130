package dev.coffer.smtp;

import static dev.coffer.smtp.SubmissionFixture.ALICE;
import static dev.coffer.smtp.SubmissionFixture.HOST;
import static dev.coffer.smtp.SubmissionFixture.READ_SECRET;
import static dev.coffer.smtp.SubmissionFixture.SEND_SECRET;
import static org.assertj.core.api.Assertions.assertThat;

import dev.coffer.smtp.policy.AccountLimits;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Base64;
import java.util.List;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Both submission listeners on ephemeral ports, with a real app-password login, over real sockets. */
class SubmissionServerTest {

    private static final SmtpLimits LIMITS = new SmtpLimits(100_000, 3, 50, Duration.ofSeconds(10), 20);
    private static final String EHLO_NAME = "secret-laptop.home.example";
    private static final String REFUSED = "5.7.8 Authentication credentials invalid. Use an app password with the send"
            + " scope ('coffer user app-password add ... --scope send'); the account password is not accepted here.";
    private static final String MESSAGE = "From: Alice <alice@example.org>\r\nTo: bob@elsewhere.example\r\n"
            + "Subject: hi\r\nDate: Mon, 2 Mar 2026 10:00:00 +0100\r\nMessage-ID: <1@example.org>\r\n\r\nHello Bob\r\n";

    @TempDir
    static Path directory;

    private static SubmissionFixture fixture;
    private static SSLContext clientTls;
    private SubmissionFixture.Servers servers;

    @BeforeAll
    static void createStore() throws Exception {
        fixture = SubmissionFixture.create(directory);
        clientTls = fixture.clientContext();
    }

    @AfterAll
    static void closeStore() {
        fixture.close();
    }

    @BeforeEach
    void startServers() throws IOException {
        servers = fixture.start(LIMITS);
    }

    @AfterEach
    void stopServers() {
        servers.close();
    }

    // --- TLS first -------------------------------------------------------------------------

    @Test
    void implicitTlsListenerAdvertisesAuthAndRequireTls() throws Exception {
        try (SmtpTestClient client = implicitTls()) {
            assertThat(client.command("EHLO " + EHLO_NAME).lines()).containsExactly(HOST, "PIPELINING", "SIZE 100000",
                    "8BITMIME", "SMTPUTF8", "ENHANCEDSTATUSCODES", "CHUNKING", "AUTH PLAIN LOGIN", "REQUIRETLS");
            assertThat(client.tlsSocket().getSession().getProtocol()).isEqualTo("TLSv1.3");
        }
    }

    @Test
    void starttlsListenerOffersNoAuthBeforeTlsAndAuthAfter() throws Exception {
        try (SmtpTestClient client = connect(servers.starttls().port())) {
            List<String> before = client.command("EHLO " + EHLO_NAME).lines();
            assertThat(before).contains("STARTTLS").doesNotContain("AUTH PLAIN LOGIN", "REQUIRETLS");
            assertReply(client.command("STARTTLS"), 220, "2.0.0");
            client.startTls(clientTls);
            List<String> after = client.command("EHLO " + EHLO_NAME).lines();
            assertThat(after).contains("AUTH PLAIN LOGIN", "REQUIRETLS").doesNotContain("STARTTLS");
            assertReply(client.command("AUTH PLAIN " + plain(ALICE, SEND_SECRET)), 235, "2.7.0");
        }
    }

    @Test
    void starttlsListenerRefusesMailAndAuthBeforeStarttls() throws Exception {
        try (SmtpTestClient client = connect(servers.starttls().port())) {
            assertThat(client.command("EHLO " + EHLO_NAME).code()).isEqualTo(250);
            SmtpTestClient.Reply mail = client.command("MAIL FROM:<alice@example.org>");
            assertThat(mail.toString()).isEqualTo("530 5.7.0 Must issue a STARTTLS command first");
            assertReply(client.command("AUTH PLAIN " + plain(ALICE, SEND_SECRET)), 530, "5.7.0");
            assertReply(client.command("RCPT TO:<bob@elsewhere.example>"), 530, "5.7.0");
            assertReply(client.command("DATA"), 530, "5.7.0");
            // the chunk is skipped, not read as commands
            client.send("BDAT 12\r\nQUIT\r\nQUIT\r\n");
            assertReply(client.reply(), 530, "5.7.0");
            assertReply(client.command("NOOP"), 250, "2.0.0");
            assertReply(client.command("RSET"), 250, "2.0.0");
            assertReply(client.command("QUIT"), 221, "2.0.0");
        }
        assertThat(servers.submission().submitted).isEmpty();
    }

    // --- AUTH (RFC 4954) --------------------------------------------------------------------

    @Test
    void authPlainWithAnInitialResponseLogsIn() throws Exception {
        try (SmtpTestClient client = greeted()) {
            SmtpTestClient.Reply reply = client.command("AUTH PLAIN " + plain(ALICE, SEND_SECRET));
            assertThat(reply.toString()).isEqualTo("235 2.7.0 Authentication successful");
        }
    }

    @Test
    void authPlainWithAContinuationLogsIn() throws Exception {
        try (SmtpTestClient client = greeted()) {
            SmtpTestClient.Reply challenge = client.command("AUTH PLAIN");
            assertThat(challenge.code()).isEqualTo(334);
            assertThat(challenge.lines()).containsExactly("");
            assertReply(client.command(plain(ALICE, SEND_SECRET)), 235, "2.7.0");
        }
    }

    @Test
    void authLoginAsksForUsernameAndPasswordAndLogsIn() throws Exception {
        try (SmtpTestClient client = greeted()) {
            assertThat(client.command("AUTH LOGIN").toString()).isEqualTo("334 VXNlcm5hbWU6");
            assertThat(client.command(base64(ALICE)).toString()).isEqualTo("334 UGFzc3dvcmQ6");
            assertReply(client.command(base64(SEND_SECRET)), 235, "2.7.0");
        }
        try (SmtpTestClient client = greeted()) {
            assertThat(client.command("AUTH LOGIN " + base64(ALICE)).toString()).isEqualTo("334 UGFzc3dvcmQ6");
            assertReply(client.command(base64(SEND_SECRET)), 235, "2.7.0");
        }
    }

    @Test
    void aWrongSecretIsRefusedWithAdviceAboutAppPasswords() throws Exception {
        try (SmtpTestClient client = greeted()) {
            assertThat(client.command("AUTH PLAIN " + plain(ALICE, "not-the-secret")).toString()).isEqualTo("535 " + REFUSED);
            client.command("AUTH LOGIN");
            client.command(base64(ALICE));
            assertThat(client.command(base64("not-the-secret")).toString()).isEqualTo("535 " + REFUSED);
            assertThat(client.command("AUTH PLAIN " + plain("nobody@example.org", SEND_SECRET)).code()).isEqualTo(535);
        }
    }

    @Test
    void aReadOnlyAppPasswordCannotSend() throws Exception {
        try (SmtpTestClient client = greeted()) {
            assertThat(client.command("AUTH PLAIN " + plain(ALICE, READ_SECRET)).toString()).isEqualTo("535 " + REFUSED);
            assertThat(client.command("MAIL FROM:<alice@example.org>").toString())
                    .isEqualTo("530 5.7.0 Authentication required");
        }
    }

    @Test
    void actingAsAnotherUserIsRefused() throws Exception {
        String response = Base64.getEncoder().encodeToString(
                ("bob@example.org\0" + ALICE + "\0" + SEND_SECRET).getBytes(StandardCharsets.UTF_8));
        try (SmtpTestClient client = greeted()) {
            assertReply(client.command("AUTH PLAIN " + response), 535, "5.7.8");
        }
    }

    @Test
    void repeatedFailuresAreThrottled() throws Exception {
        try (SmtpTestClient client = greeted()) {
            for (int i = 0; i < 5; i++) {
                assertReply(client.command("AUTH PLAIN " + plain(ALICE, "wrong-" + i)), 535, "5.7.8");
            }
            SmtpTestClient.Reply throttled = client.command("AUTH PLAIN " + plain(ALICE, SEND_SECRET));
            assertThat(throttled.toString()).matches("454 4\\.7\\.0 Too many failed logins, try again in [0-9]+ seconds");
        }
    }

    @Test
    void authCanBeCanceledAndNotRepeated() throws Exception {
        try (SmtpTestClient client = greeted()) {
            assertThat(client.command("AUTH PLAIN").code()).isEqualTo(334);
            assertReply(client.command("*"), 501, "5.7.0");
            assertReply(client.command("AUTH CRAM-MD5"), 504, "5.5.4");
            assertReply(client.command("AUTH PLAIN not*base64"), 501, "5.5.2");
            assertReply(client.command("AUTH PLAIN " + plain(ALICE, SEND_SECRET)), 235, "2.7.0");
            assertReply(client.command("AUTH PLAIN " + plain(ALICE, SEND_SECRET)), 503, "5.5.1");
        }
    }

    @Test
    void authNeedsEhloFirst() throws Exception {
        try (SmtpTestClient client = implicitTls()) {
            assertReply(client.command("AUTH PLAIN " + plain(ALICE, SEND_SECRET)), 503, "5.5.1");
        }
    }

    // --- senders -----------------------------------------------------------------------------

    @Test
    void mailBeforeAuthIsRefused() throws Exception {
        try (SmtpTestClient client = greeted()) {
            assertThat(client.command("MAIL FROM:<alice@example.org>").toString())
                    .isEqualTo("530 5.7.0 Authentication required");
        }
    }

    @Test
    void anEnvelopeSenderTheAccountDoesNotOwnIsRefused() throws Exception {
        try (SmtpTestClient client = loggedIn()) {
            for (String sender : List.of("<bob@example.org>", "<alice@example.org.evil.example>", "<>")) {
                assertThat(client.command("MAIL FROM:" + sender).toString())
                        .isEqualTo("553 5.7.1 Sender address not owned by the authenticated user");
            }
            assertReply(client.command("MAIL FROM:<alice+lists@example.org>"), 250, "2.1.0");
            assertReply(client.command("RSET"), 250, "2.0.0");
            assertReply(client.command("MAIL FROM:<sales@example.org>"), 250, "2.1.0");
        }
    }

    @Test
    void sendsToAnyDomainOnceAuthenticated() throws Exception {
        try (SmtpTestClient client = loggedIn()) {
            SmtpTestClient.Reply done = send(client, "alice@example.org",
                    List.of("bob@elsewhere.example", "carol@third.example"), MESSAGE);
            assertThat(done.text()).matches("2\\.0\\.0 OK S[0-9]+");
        }
        RecordingSubmission.Submitted submitted = servers.submission().last();
        assertThat(submitted.account().address()).isEqualTo(ALICE);
        assertThat(submitted.envelope()).isEqualTo(new Envelope("alice@example.org",
                List.of("bob@elsewhere.example", "carol@third.example"), null, "TLSv1.3", false,
                Envelope.Body.SEVEN_BIT, false));
    }

    @Test
    void aFromHeaderTheAccountDoesNotOwnIsRefusedAndNothingIsSent() throws Exception {
        try (SmtpTestClient client = loggedIn()) {
            SmtpTestClient.Reply reply = send(client, "alice@example.org", List.of("bob@elsewhere.example"),
                    MESSAGE.replace("From: Alice <alice@example.org>", "From: \"alice@example.org\" <ceo@example.org>"));
            assertThat(reply.toString())
                    .isEqualTo("553 5.7.1 From header address not owned by the authenticated user: ceo@example.org");
            // every mailbox counts, in a list and in a group
            assertReply(send(client, "alice@example.org", List.of("bob@elsewhere.example"),
                    MESSAGE.replace("From: Alice <alice@example.org>",
                            "From: Team: Alice <alice@example.org>,\r\n mallory@example.org;")), 553, "5.7.1");
            // and Sender too
            assertReply(send(client, "alice@example.org", List.of("bob@elsewhere.example"),
                    "Sender: mallory@example.org\r\n" + MESSAGE), 553, "5.7.1");
        }
        assertThat(servers.submission().submitted).isEmpty();
    }

    @Test
    void ownedFromHeadersWithDisplayNamesAndGroupsAreAccepted() throws Exception {
        try (SmtpTestClient client = loggedIn()) {
            assertReply(send(client, "alice@example.org", List.of("bob@elsewhere.example"),
                    MESSAGE.replace("From: Alice <alice@example.org>",
                            "From: =?UTF-8?Q?Alice_M=C3=BCller?=\r\n <alice+news@example.org>, \"Sales, Inc.\" <sales@example.org>")),
                    250, "2.0.0");
            assertReply(send(client, "alice@example.org", List.of("bob@elsewhere.example"),
                    MESSAGE.replace("From: Alice <alice@example.org>", "FROM: Us: alice@example.org;")), 250, "2.0.0");
        }
        assertThat(servers.submission().submitted).hasSize(2);
    }

    @Test
    void aMessageWithoutExactlyOneReadableFromIsRefused() throws Exception {
        try (SmtpTestClient client = loggedIn()) {
            SmtpTestClient.Reply none = send(client, "alice@example.org", List.of("bob@elsewhere.example"),
                    MESSAGE.replace("From: Alice <alice@example.org>\r\n", ""));
            assertReply(none, 550, "5.6.0");
            assertReply(send(client, "alice@example.org", List.of("bob@elsewhere.example"),
                    "From: alice@example.org\r\n" + MESSAGE), 550, "5.6.0");
            assertReply(send(client, "alice@example.org", List.of("bob@elsewhere.example"),
                    MESSAGE.replace("<alice@example.org>", "<alice@example.org")), 550, "5.6.0");
        }
        assertThat(servers.submission().submitted).isEmpty();
    }

    // --- privacy -------------------------------------------------------------------------------

    @Test
    void theReceivedHeaderNamesNeitherTheClientAddressNorItsEhloName() throws Exception {
        String traced = "Received: from " + EHLO_NAME + " ([127.0.0.1])\r\n\tby relay.home.example; Mon, 2 Mar 2026\r\n"
                + "X-Originating-IP: [127.0.0.1]\r\n"
                + "x-forwarded-for: 127.0.0.1\r\nX-Real-IP: 127.0.0.1\r\nX-Client-IP:\r\n 127.0.0.1\r\n"
                + MESSAGE.replace("Hello Bob", "Hello Bob\r\n\r\nReceived: body text stays");
        try (SmtpTestClient client = loggedIn()) {
            assertReply(send(client, "alice@example.org", List.of("bob@elsewhere.example"), traced), 250, "2.0.0");
        }
        RecordingSubmission.Submitted submitted = servers.submission().last();
        String text = submitted.text();
        assertThat(text).startsWith("Received: by " + HOST + " (Coffer) with ESMTPSA id ");
        String received = text.substring(0, text.indexOf(" +0000\r\n") + 8);
        // one header, folded once; the only Received left
        assertThat(received).matches("Received: by smtp\\.coffer\\.test \\(Coffer\\) with ESMTPSA id [0-9a-f]{12}\\.1;"
                + "\r\n\t[A-Z][a-z]{2}, [0-9]{1,2} [A-Z][a-z]{2} [0-9]{4} [0-9:]{8} \\+0000\r\n");
        assertThat(text.substring(received.length())).isEqualTo(MESSAGE.replace("Hello Bob", "Hello Bob\r\n\r\nReceived: body text stays"));
        for (String revealing : List.of("127.0.0.1", EHLO_NAME, "home.example")) {
            assertThat(text).doesNotContain(revealing);
            assertThat(submitted.envelope().toString()).doesNotContain(revealing);
        }
    }

    @Test
    void dateAndMessageIdAreAddedWhenTheClientGaveNone() throws Exception {
        try (SmtpTestClient client = loggedIn()) {
            assertReply(send(client, "alice@example.org", List.of("bob@elsewhere.example"),
                    "From: alice@example.org\r\nSubject: bare\r\n\r\nbody\r\n"), 250, "2.0.0");
        }
        String text = servers.submission().last().text();
        assertThat(text).containsPattern("\r\nSubject: bare\r\nDate: [^\r\n]+ \\+0000\r\nMessage-ID: <[0-9a-f-]{36}@"
                + HOST.replace(".", "\\.") + ">\r\n\r\nbody\r\n$");
    }

    // --- envelope parameters, limits, outcomes --------------------------------------------------

    @Test
    void requireTlsIsPassedOnInTheEnvelope() throws Exception {
        try (SmtpTestClient client = loggedIn()) {
            assertReply(client.command("MAIL FROM:<alice@example.org> REQUIRETLS AUTH=<> BODY=8BITMIME"), 250, "2.1.0");
            assertReply(client.command("RCPT TO:<bob@elsewhere.example>"), 250, "2.1.5");
            assertThat(client.command("DATA").code()).isEqualTo(354);
            assertReply(client.send(MESSAGE + ".\r\n").reply(), 250, "2.0.0");
            assertReply(client.command("MAIL FROM:<alice@example.org> REQUIRETLS=yes"), 501, "5.5.4");
        }
        Envelope envelope = servers.submission().last().envelope();
        assertThat(envelope.requireTls()).isTrue();
        assertThat(envelope.body()).isEqualTo(Envelope.Body.EIGHT_BIT_MIME);
    }

    @Test
    void messagesSentInBdatChunksAreCheckedAndSubmitted() throws Exception {
        byte[] message = MESSAGE.replace("\r\n", "\n").getBytes(StandardCharsets.UTF_8);
        try (SmtpTestClient client = loggedIn()) {
            client.command("MAIL FROM:<alice@example.org>");
            client.command("RCPT TO:<bob@elsewhere.example>");
            client.send("BDAT " + message.length + " LAST\r\n");
            assertReply(client.send(message).reply(), 250, "2.0.0");
        }
        assertThat(servers.submission().last().text()).contains("\nFrom: Alice <alice@example.org>\nTo:");
    }

    @Test
    void recipientsBeyondTheLimitAreDeferredAndTemporaryFailuresReported() throws Exception {
        try (SmtpTestClient client = loggedIn()) {
            client.command("MAIL FROM:<alice@example.org>");
            for (int i = 0; i < 3; i++) {
                assertReply(client.command("RCPT TO:<r" + i + "@elsewhere.example>"), 250, "2.1.5");
            }
            assertReply(client.command("RCPT TO:<r4@elsewhere.example>"), 452, "4.5.3");
            assertReply(client.command("RSET"), 250, "2.0.0");
            assertReply(send(client, "alice@example.org", List.of("busy@elsewhere.example"), MESSAGE), 451, "4.4.3");
        }
    }

    // --- helpers --------------------------------------------------------------------------------

    private static SmtpTestClient connect(int port) throws IOException {
        SmtpTestClient client = new SmtpTestClient(port);
        SmtpTestClient.Reply greeting = client.reply();
        assertThat(greeting.code()).isEqualTo(220);
        assertThat(greeting.text()).isEqualTo(HOST + " ESMTP Coffer");
        return client;
    }

    // --- sending limits ----------------------------------------------------------------------

    @Test
    void anAccountOverItsHourlyMessagesIsRefusedAtMailFromOnEitherPort() throws Exception {
        try (SubmissionFixture.Servers limited = fixture.start(LIMITS, new AccountLimits(2, InstantSource.system()))) {
            try (SmtpTestClient client = implicitTls(limited.submissions().port())) {
                client.command("EHLO " + EHLO_NAME);
                loggedIn(client);
                assertReply(send(client, "alice@example.org", List.of("bob@elsewhere.example"), MESSAGE), 250, "2.0.0");
                assertReply(send(client, "alice@example.org", List.of("carol@third.example"), MESSAGE), 250, "2.0.0");
                assertThat(client.command("MAIL FROM:<alice@example.org>").toString()).matches(
                        "451 4\\.7\\.1 Too many messages from your account in the last hour \\(limit 2\\),"
                                + " try again in [0-9]+ seconds");
            }
            try (SmtpTestClient client = connect(limited.starttls().port())) {
                client.command("EHLO " + EHLO_NAME);
                assertReply(client.command("STARTTLS"), 220, "2.0.0");
                client.startTls(clientTls);
                client.command("EHLO " + EHLO_NAME);
                loggedIn(client);
                assertReply(client.command("MAIL FROM:<alice@example.org>"), 451, "4.7.1");
            }
            assertThat(limited.submission().submitted).hasSize(2);
        }
    }

    private SmtpTestClient implicitTls() throws Exception {
        return implicitTls(servers.submissions().port());
    }

    private static SmtpTestClient implicitTls(int port) throws Exception {
        SmtpTestClient client = new SmtpTestClient(port);
        client.startTls(clientTls);
        assertThat(client.reply().text()).isEqualTo(HOST + " ESMTP Coffer");
        return client;
    }

    private SmtpTestClient greeted() throws Exception {
        SmtpTestClient client = implicitTls();
        assertThat(client.command("EHLO " + EHLO_NAME).code()).isEqualTo(250);
        return client;
    }

    private SmtpTestClient loggedIn() throws Exception {
        return loggedIn(greeted());
    }

    private static SmtpTestClient loggedIn(SmtpTestClient client) throws Exception {
        assertReply(client.command("AUTH PLAIN " + plain(ALICE, SEND_SECRET)), 235, "2.7.0");
        return client;
    }

    private static SmtpTestClient.Reply send(SmtpTestClient client, String from, List<String> to, String message)
            throws IOException {
        assertReply(client.command("MAIL FROM:<" + from + ">"), 250, "2.1.0");
        for (String recipient : to) {
            assertReply(client.command("RCPT TO:<" + recipient + ">"), 250, "2.1.5");
        }
        assertThat(client.command("DATA").code()).isEqualTo(354);
        return client.send(message + ".\r\n").reply();
    }

    private static String plain(String user, String secret) {
        return base64("\0" + user + "\0" + secret);
    }

    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    private static void assertReply(SmtpTestClient.Reply reply, int code, String enhanced) {
        assertThat(reply.code()).as(reply.toString()).isEqualTo(code);
        assertThat(reply.text()).as(reply.toString()).startsWith(enhanced + " ");
    }
}
