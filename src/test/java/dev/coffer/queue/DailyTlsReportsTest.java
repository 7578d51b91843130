package dev.coffer.queue;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.coffer.dns.TestDnsServer;
import dev.coffer.store.Store;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.SplittableRandom;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.james.mime4j.dom.Message;
import org.apache.james.mime4j.dom.Multipart;
import org.apache.james.mime4j.dom.SingleBody;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The daily run of RFC 8460 reports: yesterday's counts, sent after midnight UTC, then forgotten. */
class DailyTlsReportsTest {

    private static final LocalDate DAY = LocalDate.of(2026, 4, 1);
    private static final Instant NOON = Instant.parse("2026-04-01T12:00:00Z");

    @TempDir
    Path data;

    private Store store;
    private TlsReports reports;
    private TestDnsServer dns;
    private MailedTlsReportSender sender;
    private final MailedTlsReportSenderTest.RecordingQueue queue = new MailedTlsReportSenderTest.RecordingQueue();

    @BeforeEach
    void open() throws Exception {
        store = Store.open(data);
        reports = new TlsReports(store.queue(), "Sender", "postmaster@mx.sender.example");
        dns = TestDnsServer.start();
        dns.zone("example.test.", false);
        dns.add(TestDnsServer.record(
                "_smtp._tls.reporting.example.test. 300 IN TXT \"v=TLSRPTv1; rua=mailto:tlsrpt@reporting.example.test\""));
        sender = MailedTlsReportSender.builder(dns.resolverBuilder().build(), queue, "mx.sender.example").build();
    }

    @AfterEach
    void close() {
        sender.close();
        dns.close();
        store.close();
    }

    @Test
    void runForMailsOneReportPerDomainWithAPolicyAndNoneForOthers() throws Exception {
        TlsRequirement opportunistic = new TlsRequirement.Opportunistic();
        reports.record("reporting.example.test", new TlsSessionResult(opportunistic, "mx.reporting.example.test", null, "TLSv1.3"), NOON);
        reports.record("reporting.example.test", new TlsSessionResult(opportunistic, "mx.reporting.example.test",
                TlsReports.STARTTLS_NOT_SUPPORTED, null), NOON);
        reports.record("silent.example.test", new TlsSessionResult(opportunistic, "mx.silent.example.test", null, "TLSv1.3"), NOON);

        int sent = new DailyTlsReports(reports, sender).runFor(DAY);

        assertThat(sent).isEqualTo(2); // handed to the sender; only one domain publishes a policy
        assertThat(queue.messages).hasSize(1);
        OutboundMessage queued = queue.messages.getFirst();
        assertThat(queued.recipients()).containsExactly("tlsrpt@reporting.example.test");
        Message message = MailedTlsReportSenderTest.parse(queued.message());
        assertThat(message.getHeader().getField("TLS-Report-Domain").getBody()).isEqualTo("reporting.example.test");
        byte[] gzipped = ((SingleBody) ((Multipart) message.getBody()).getBodyParts().get(1).getBody())
                .getInputStream().readAllBytes();
        JsonNode report = new ObjectMapper().readTree(MailedTlsReportSenderTest.gunzip(gzipped));
        assertThat(report.path("policies").get(0).path("policy").path("policy-domain").asText())
                .isEqualTo("reporting.example.test");
        assertThat(report.path("policies").get(0).path("summary").path("total-failure-session-count").asLong())
                .isEqualTo(1);
        assertThat(message.getSubject()).contains("Report-ID: <" + report.path("report-id").asText() + "@");
    }

    @Test
    void runForForgetsTheDaysBeforeTheReportedOne() {
        TlsSessionResult session = new TlsSessionResult(new TlsRequirement.Opportunistic(), "mx.reporting.example.test",
                null, "TLSv1.3");
        reports.record("reporting.example.test", session, NOON.minus(Duration.ofDays(1)));
        reports.record("reporting.example.test", session, NOON);

        new DailyTlsReports(reports, (domain, id, day, json) -> { }).runFor(DAY);

        assertThat(reports.build("reporting.example.test", DAY.minusDays(1))).isEmpty();
        assertThat(reports.build("reporting.example.test", DAY)).isPresent();
    }

    @Test
    void plansTheRunAfterTheNextMidnightWithinTheRandomDelay() {
        DailyTlsReports daily = new DailyTlsReports(reports, sender, () -> NOON, DailyTlsReports.AFTER_MIDNIGHT,
                DailyTlsReports.MAX_RANDOM_DELAY, new SplittableRandom(7));
        Instant earliest = Instant.parse("2026-04-02T00:05:00Z");

        for (int i = 0; i < 100; i++) {
            assertThat(daily.nextRun(NOON)).isBetween(earliest, earliest.plus(Duration.ofHours(1)));
        }
    }

    @Test
    void plansTodaysRunWhenStartedJustAfterMidnight() {
        DailyTlsReports daily = new DailyTlsReports(reports, sender, () -> NOON, Duration.ofMinutes(5), Duration.ZERO,
                new SplittableRandom(7));

        assertThat(daily.nextRun(Instant.parse("2026-04-02T00:01:00Z"))).isEqualTo(Instant.parse("2026-04-02T00:05:00Z"));
        assertThat(daily.nextRun(Instant.parse("2026-04-02T00:05:00Z"))).isEqualTo(Instant.parse("2026-04-03T00:05:00Z"));
    }

    @Test
    void startedSchedulerSendsYesterdaysReportsWhenTheTimeComes() throws Exception {
        MutableClock clock = new MutableClock(Instant.parse("2026-04-02T00:04:59.800Z"));
        BlockingQueue<LocalDate> sentDays = new LinkedBlockingQueue<>();
        reports.record("reporting.example.test", new TlsSessionResult(new TlsRequirement.Opportunistic(),
                "mx.reporting.example.test", null, "TLSv1.3"), NOON);

        try (DailyTlsReports daily = new DailyTlsReports(reports, (domain, id, day, json) -> sentDays.add(day), clock,
                Duration.ofMinutes(5), Duration.ZERO, new SplittableRandom(7))) {
            daily.start();

            assertThat(sentDays.poll(10, TimeUnit.SECONDS)).isEqualTo(DAY);
        }
    }

    @Test
    void closeDoesNotWaitForTheNextRun() {
        DailyTlsReports daily = new DailyTlsReports(reports, sender);
        daily.start();
        long start = System.nanoTime();

        daily.close();

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        assertThat(queue.messages).isEmpty();
    }
}
