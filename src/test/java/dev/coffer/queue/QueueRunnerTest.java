package dev.coffer.queue;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.coffer.dns.MxLookup;
import dev.coffer.store.QueueRecipient;
import dev.coffer.store.Store;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The queue and its runner end to end: real store, real sockets, fake DNS. */
class QueueRunnerTest {

    private static final String MX = "mx.peer.test";
    private static final String SENDER = "alice@coffer.test";

    record Bounce(String recipient, byte[] dsn) {}

    @TempDir
    static Path certificates;

    private static TestPki pki;
    private static Peer tlsPeer;
    private static Peer plainPeer;

    @TempDir
    Path data;

    private final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T10:00:00Z"));
    private final FakeRouting routing = new FakeRouting().route("peer.test", MX, false);
    private final List<Bounce> bounces = new CopyOnWriteArrayList<>();
    private Store store;
    private PersistentQueue queue;
    private TlsReports tlsReports;
    private QueueRunner runner;

    @BeforeAll
    static void startPeers() throws Exception {
        pki = TestPki.create(certificates, "Runner CA");
        tlsPeer = Peer.withTls(pki.issue(MX).serverTls());
        plainPeer = Peer.plain();
    }

    @AfterAll
    static void stopPeers() {
        tlsPeer.close();
        plainPeer.close();
    }

    @BeforeEach
    void openQueue() throws IOException {
        tlsPeer.received.clear();
        plainPeer.received.clear();
        open();
    }

    @AfterEach
    void closeQueue() {
        if (runner != null) {
            runner.close();
        }
        store.close();
    }

    private void open() throws IOException {
        store = Store.open(data);
        queue = new PersistentQueue(store.queue(), store.blobs(), QueueKey.loadOrCreate(data), clock);
        tlsReports = new TlsReports(store.queue(), "Coffer test", "postmaster@coffer.test");
    }

    private QueueRunner runner(int port) {
        SmtpClient client = new SmtpClient("out.coffer.test", SmtpTimeouts.all(Duration.ofSeconds(5)),
                CertificateVerifier.trusting(List.of(pki.ca)), clock, true);
        runner = new QueueRunner(queue, routing, client, (to, dsn) -> bounces.add(new Bounce(to, dsn)), tlsReports, port,
                new QueueRunner.Settings("out.coffer.test", 2, 8, Duration.ofMillis(100), RetrySchedule.defaults()));
        return runner;
    }

    private String enqueue(String sender, boolean requireTls, String... recipients) throws QueueException {
        byte[] message = ("From: " + sender + "\r\nSubject: queued\r\nMessage-ID: <m1@coffer.test>\r\n\r\nbody text\r\n")
                .getBytes(StandardCharsets.UTF_8);
        return queue.enqueue(new OutboundMessage(sender, List.of(recipients), message, requireTls, "ENV-1"));
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within 10 s");
            }
            Thread.sleep(20);
        }
    }

    @Test
    void deliversAQueuedMessageAndForgetsIt() throws Exception {
        enqueue(SENDER, false, "bob@peer.test");

        runner(tlsPeer.port()).runDue();

        assertThat(tlsPeer.received).singleElement().satisfies(received -> {
            assertThat(received.envelope().recipients()).containsExactly("bob@peer.test");
            assertThat(received.envelope().tlsProtocol()).isNotNull();
            assertThat(received.text()).contains("body text");
        });
        assertThat(queue.list()).isEmpty();
        assertThat(bounces).isEmpty();
    }

    @Test
    void bouncesARequireTlsMessageWhenThePeerOffersNoStartTls() throws Exception {
        enqueue(SENDER, true, "bob@peer.test");

        runner(plainPeer.port()).runDue();

        assertThat(plainPeer.received).isEmpty();
        assertThat(bounces).singleElement().satisfies(bounce -> {
            assertThat(bounce.recipient()).isEqualTo(SENDER);
            Dsn dsn = Dsn.parse(bounce.dsn());
            assertThat(dsn.contentType()).startsWith("multipart/report").contains("report-type=delivery-status");
            assertThat(dsn.partTypes()).containsExactly("text/plain", "message/delivery-status", "text/rfc822-headers");
            assertThat(dsn.perMessage()).containsEntry("Reporting-MTA", "dns; out.coffer.test")
                    .containsEntry("Original-Envelope-Id", "ENV-1");
            assertThat(dsn.perRecipient()).singleElement().satisfies(fields -> {
                assertThat(fields).containsEntry("Final-Recipient", "rfc822; bob@peer.test")
                        .containsEntry("Action", "failed")
                        .containsEntry("Status", "5.7.10");
            });
            assertThat(dsn.text()).contains("Subject: queued").doesNotContain("body text");
        });
        assertThat(queue.list()).isEmpty();
    }

    @Test
    void reportsOnlyTheRecipientsThatFailed() throws Exception {
        enqueue(SENDER, false, "bob@peer.test", "unknown@peer.test");

        runner(plainPeer.port()).runDue();

        assertThat(plainPeer.received).singleElement()
                .satisfies(received -> assertThat(received.envelope().recipients()).containsExactly("bob@peer.test"));
        assertThat(bounces).singleElement().satisfies(bounce -> assertThat(Dsn.parse(bounce.dsn()).perRecipient())
                .singleElement().satisfies(fields -> assertThat(fields)
                        .containsEntry("Final-Recipient", "rfc822; unknown@peer.test")
                        .containsEntry("Status", "5.1.1")
                        .containsEntry("Remote-MTA", "dns; " + MX)
                        .hasEntrySatisfying("Diagnostic-Code", code -> assertThat(code).startsWith("smtp; 550"))));
        assertThat(queue.list()).isEmpty();
    }

    @Test
    void retriesWithBackOffThenBouncesAfterFiveDays() throws Exception {
        String id = enqueue(SENDER, false, "bob@peer.test");
        Instant created = clock.instant();
        QueueRunner down = runner(Peer.closedPort());

        down.runDue();
        QueuedMessage first = queue.find(id).orElseThrow();
        assertThat(first.attempts()).isEqualTo(1);
        assertThat(first.nextAttempt()).isEqualTo(created.plus(Duration.ofMinutes(5)));
        assertThat(first.recipients()).singleElement().satisfies(recipient -> {
            assertThat(recipient.state()).isEqualTo(QueueRecipient.State.PENDING);
            assertThat(recipient.lastError()).contains("cannot connect");
        });

        down.runDue();
        assertThat(queue.find(id).orElseThrow().attempts()).as("not due yet").isEqualTo(1);

        clock.advance(Duration.ofMinutes(5));
        down.runDue();
        assertThat(queue.find(id).orElseThrow().nextAttempt()).isEqualTo(clock.instant().plus(Duration.ofMinutes(10)));
        assertThat(bounces).isEmpty();

        clock.advance(Duration.ofDays(5));
        down.runDue();

        assertThat(queue.find(id)).isEmpty();
        // Expiring in the same round as the first late retry: a bounce, and no delay warning before it
        assertThat(bounces).singleElement().satisfies(bounce -> assertThat(Dsn.parse(bounce.dsn()).perRecipient())
                .singleElement().satisfies(fields -> assertThat(fields)
                        .containsEntry("Action", "failed")
                        .containsEntry("Status", "5.4.7")
                        .hasEntrySatisfying("Diagnostic-Code", code -> assertThat(code).contains("cannot connect"))));
    }

    @Test
    void warnsTheSenderOnceWhenAMessageIsDelayedFourHours() throws Exception {
        String id = enqueue(SENDER, false, "bob@peer.test");
        QueueRunner down = runner(Peer.closedPort());
        down.runDue();
        assertThat(bounces).isEmpty();

        clock.advance(Duration.ofHours(4));
        down.runDue();
        clock.advance(Duration.ofHours(4));
        down.runDue();

        assertThat(bounces).singleElement().satisfies(bounce -> {
            Dsn dsn = Dsn.parse(bounce.dsn());
            assertThat(dsn.perRecipient().getFirst()).containsEntry("Action", "delayed").containsKey("Will-Retry-Until")
                    .hasEntrySatisfying("Status", status -> assertThat(status).startsWith("4."));
        });
        assertThat(queue.find(id)).isPresent();
    }

    @Test
    void failsAtOnceForADomainWithANullMx() throws Exception {
        routing.mx.put("nomail.test", new MxLookup(List.of(), true, false));
        enqueue(SENDER, false, "bob@nomail.test");

        runner(plainPeer.port()).runDue();

        assertThat(bounces).singleElement().satisfies(bounce -> assertThat(Dsn.parse(bounce.dsn()).perRecipient())
                .singleElement().satisfies(fields -> assertThat(fields).containsEntry("Status", "5.1.10")));
        assertThat(queue.list()).isEmpty();
    }

    @Test
    void neverBouncesToTheNullSender() throws Exception {
        routing.mx.put("nomail.test", new MxLookup(List.of(), true, false));
        enqueue("", false, "bob@nomail.test");

        runner(plainPeer.port()).runDue();

        assertThat(bounces).isEmpty();
        assertThat(queue.list()).isEmpty();
    }

    @Test
    void deliversMessagesQueuedBeforeARestart() throws Exception {
        String id = enqueue(SENDER, false, "bob@peer.test");
        runner(Peer.closedPort()).runDue();
        assertThat(queue.find(id).orElseThrow().attempts()).isEqualTo(1);
        runner.close();
        runner = null;
        store.close();

        open();
        clock.advance(Duration.ofMinutes(5));
        runner(plainPeer.port()).start();

        await(() -> queue.list().isEmpty());
        assertThat(plainPeer.received).singleElement()
                .satisfies(received -> assertThat(received.text()).contains("body text"));
    }

    @Test
    void startedRunnerDeliversNewMailWithoutWaitingForThePoll() throws Exception {
        runner(plainPeer.port()).start();

        enqueue(SENDER, false, "bob@peer.test", "carol@peer.test");

        await(() -> queue.list().isEmpty());
        assertThat(plainPeer.received).singleElement().satisfies(received ->
                assertThat(received.envelope().recipients()).containsExactly("bob@peer.test", "carol@peer.test"));
    }

    @Test
    void recordsEveryTlsSessionForTlsReporting() throws Exception {
        enqueue(SENDER, false, "bob@peer.test");
        runner(tlsPeer.port()).runDue();

        byte[] report = tlsReports.build("peer.test", TlsReports.day(clock.instant())).orElseThrow();

        JsonNode json = new ObjectMapper().readTree(report);
        assertThat(json.path("organization-name").asText()).isEqualTo("Coffer test");
        assertThat(json.path("date-range").path("start-datetime").asText()).isEqualTo("2026-03-01T00:00:00Z");
        JsonNode policy = json.path("policies").get(0);
        assertThat(policy.path("policy").path("policy-type").asText()).isEqualTo("no-policy-found");
        assertThat(policy.path("policy").path("policy-domain").asText()).isEqualTo("peer.test");
        assertThat(policy.path("summary").path("total-successful-session-count").asLong()).isEqualTo(1);
        assertThat(policy.path("summary").path("total-failure-session-count").asLong()).isZero();
    }
}
