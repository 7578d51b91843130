package dev.coffer.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coffer.smtp.policy.Greylist;
import dev.coffer.smtp.policy.InboundLimits;
import dev.coffer.store.Store;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Message rates and greylisting as a client of the MX meets them, over real sockets, with a clock the test moves. */
class InboundPolicyTest {

    private static final String HOST = "mx.coffer.test";
    private static final SmtpLimits LIMITS = new SmtpLimits(10_000, 5, 20, Duration.ofSeconds(10), 20);
    private static final Duration DELAY = Duration.ofSeconds(300);
    private static final String MESSAGE = "Subject: hi\r\n\r\nHello Alice\r\n.\r\n";

    @TempDir
    Path data;

    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-03-02T10:00:00Z"));
    private final InstantSource clock = now::get;
    private final RecordingMail mail = new RecordingMail();
    private Store store;
    private SmtpServer server;

    @BeforeEach
    void openStore() throws IOException {
        store = Store.open(data);
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
        store.close();
    }

    private void start(int perIp, int perSender, boolean greylisting) throws IOException {
        Greylist greylist = greylisting ? new Greylist(store.greylist(), Greylist.Settings.withDelay(DELAY), clock) : null;
        server = new SmtpServer(HOST, mail, new InboundLimits(perIp, perSender, greylist, clock), null, LIMITS, false);
        server.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    }

    private void advance(Duration duration) {
        now.updateAndGet(instant -> instant.plus(duration));
    }

    private SmtpTestClient greeted() throws IOException {
        SmtpTestClient client = new SmtpTestClient(server.port());
        assertThat(client.reply().code()).isEqualTo(220);
        assertThat(client.command("EHLO client.example").code()).isEqualTo(250);
        return client;
    }

    private static void assertReply(SmtpTestClient.Reply reply, int code, String enhanced) {
        assertThat(reply.code()).as(reply.toString()).isEqualTo(code);
        assertThat(reply.text()).as(reply.toString()).startsWith(enhanced + " ");
    }

    private static void deliver(SmtpTestClient client, String sender, String recipient) throws IOException {
        assertReply(client.command("MAIL FROM:<" + sender + ">"), 250, "2.1.0");
        assertReply(client.command("RCPT TO:<" + recipient + ">"), 250, "2.1.5");
        assertThat(client.command("DATA").code()).isEqualTo(354);
        assertReply(client.send(MESSAGE).reply(), 250, "2.0.0");
    }

    @Test
    void aClientOverItsHourlyMessagesGets450AtMailFromUntilTheHourHasPassed() throws Exception {
        start(3, 100, false);
        try (SmtpTestClient client = greeted()) {
            for (int i = 0; i < 3; i++) {
                deliver(client, "sender" + i + "@example.org", "alice@coffer.test");
            }
            assertThat(client.command("MAIL FROM:<sender9@example.org>").toString()).matches(
                    "450 4\\.7\\.1 Too many messages from your address in the last hour \\(limit 3\\),"
                            + " try again in [0-9]+ seconds");
            // a refused MAIL starts no transaction
            assertReply(client.command("RCPT TO:<alice@coffer.test>"), 503, "5.5.1");
        }
        try (SmtpTestClient client = greeted()) {
            assertReply(client.command("MAIL FROM:<sender9@example.org>"), 450, "4.7.1");
        }
        advance(Duration.ofHours(2));
        try (SmtpTestClient client = greeted()) {
            deliver(client, "sender9@example.org", "alice@coffer.test");
        }
        assertThat(mail.deliveries).hasSize(4);
    }

    @Test
    void aSenderOverItsHourlyMessagesGets450AtMailFrom() throws Exception {
        start(100, 2, false);
        try (SmtpTestClient client = greeted()) {
            deliver(client, "bulk@example.org", "alice@coffer.test");
            deliver(client, "Bulk@Example.org", "bob@coffer.test");
            assertThat(client.command("MAIL FROM:<BULK@example.org>").toString()).matches(
                    "450 4\\.7\\.1 Too many messages from this sender in the last hour \\(limit 2\\),"
                            + " try again in [0-9]+ seconds");
            deliver(client, "someone@example.org", "alice@coffer.test");
        }
    }

    @Test
    void refusedMessagesDoNotCount() throws Exception {
        start(1, 1, false);
        try (SmtpTestClient client = greeted()) {
            assertReply(client.command("MAIL FROM:<bob@example.org>"), 250, "2.1.0");
            assertReply(client.command("RCPT TO:<crash@coffer.test>"), 250, "2.1.5");
            assertThat(client.command("DATA").code()).isEqualTo(354);
            assertReply(client.send(MESSAGE).reply(), 451, "4.3.0");
            deliver(client, "bob@example.org", "alice@coffer.test");
            assertReply(client.command("MAIL FROM:<bob@example.org>"), 450, "4.7.1");
        }
    }

    @Test
    void greylistsANewTripletAtRcptAndAcceptsTheRetryAfterTheDelay() throws Exception {
        start(100, 100, true);
        try (SmtpTestClient client = greeted()) {
            assertReply(client.command("MAIL FROM:<bob@sender.example>"), 250, "2.1.0");
            assertThat(client.command("RCPT TO:<alice@coffer.test>").toString())
                    .isEqualTo("451 4.7.1 Greylisted, try again in 300 seconds");
            assertReply(client.command("DATA"), 503, "5.5.1");
        }
        advance(Duration.ofSeconds(120));
        try (SmtpTestClient client = greeted()) {
            assertReply(client.command("MAIL FROM:<bob@sender.example>"), 250, "2.1.0");
            assertThat(client.command("RCPT TO:<alice@coffer.test>").toString())
                    .isEqualTo("451 4.7.1 Greylisted, try again in 180 seconds");
        }
        advance(Duration.ofSeconds(180));
        try (SmtpTestClient client = greeted()) {
            deliver(client, "bob@sender.example", "alice@coffer.test");
            // the client's network has passed: a new triplet from it is not held up
            deliver(client, "carol@sender.example", "dave@coffer.test");
        }
        assertThat(mail.deliveries).hasSize(2);
    }

    @Test
    void aRestartDoesNotGreylistTheRetryAgain() throws Exception {
        start(100, 100, true);
        try (SmtpTestClient client = greeted()) {
            assertReply(client.command("MAIL FROM:<bob@sender.example>"), 250, "2.1.0");
            assertReply(client.command("RCPT TO:<alice@coffer.test>"), 451, "4.7.1");
        }
        advance(DELAY);
        server.close();
        store.close();
        // a restart forgets nothing: the retry passes
        store = Store.open(data);
        start(100, 100, true);
        try (SmtpTestClient client = greeted()) {
            assertReply(client.command("MAIL FROM:<bob@sender.example>"), 250, "2.1.0");
            assertReply(client.command("RCPT TO:<alice@coffer.test>"), 250, "2.1.5");
            assertThat(client.command("DATA").code()).isEqualTo(354);
            assertReply(client.send(MESSAGE).reply(), 250, "2.0.0");
        }
    }

    @Test
    void unknownAndForeignRecipientsAreRefusedRatherThanGreylisted() throws Exception {
        start(100, 100, true);
        try (SmtpTestClient client = greeted()) {
            assertReply(client.command("MAIL FROM:<bob@sender.example>"), 250, "2.1.0");
            assertReply(client.command("RCPT TO:<unknown@coffer.test>"), 550, "5.1.1");
            assertReply(client.command("RCPT TO:<someone@elsewhere.example>"), 554, "5.7.1");
        }
    }
}
