package dev.coffer.mailauth.dmarc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coffer.queue.OutboundMessage;
import dev.coffer.queue.OutboundQueue;
import dev.coffer.queue.QueueException;
import dev.coffer.store.DmarcReportStore;
import dev.coffer.store.Store;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.zip.GZIPInputStream;
import org.apache.james.mime4j.dom.Entity;
import org.apache.james.mime4j.dom.Message;
import org.apache.james.mime4j.dom.Multipart;
import org.apache.james.mime4j.dom.SingleBody;
import org.apache.james.mime4j.message.DefaultMessageBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;

/** The daily run of RFC 7489 aggregate reports: one per policy domain, to verified rua addresses, then forgotten. */
class DailyDmarcReportsTest {

    private static final LocalDate DAY = LocalDate.of(2026, 4, 1);
    private static final String D = "2026-04-01";

    @TempDir
    Path data;

    private Store store;
    private DmarcReportStore rows;
    private final FakeDmarcDns dns = new FakeDmarcDns();
    private final RecordingQueue queue = new RecordingQueue();
    private DmarcReportMailer mailer;

    static final class RecordingQueue implements OutboundQueue {
        final List<OutboundMessage> messages = new ArrayList<>();
        boolean failing;

        @Override
        public synchronized String enqueue(OutboundMessage message) throws QueueException {
            if (failing) {
                throw new QueueException("disk full", new java.io.IOException("no space left"));
            }
            messages.add(message);
            return "q" + messages.size();
        }
    }

    @BeforeEach
    void open() throws Exception {
        store = Store.open(data);
        rows = store.dmarcReports();
        mailer = DmarcReportMailer.builder(dns, PublicSuffixList.mozilla(), queue, "mx.coffer.example")
                .signer(message -> concat("DKIM-Signature: v=1; d=coffer.example\r\n", message))
                .clock(InstantSource.fixed(Instant.parse("2026-04-02T00:30:00Z")))
                .build();
    }

    @AfterEach
    void close() {
        store.close();
    }

    private DailyDmarcReports daily() {
        return new DailyDmarcReports(rows, mailer, "mx.coffer.example", "postmaster@mx.coffer.example");
    }

    @Test
    void sendsOneReportPerDomainAndClearsTheRows() throws Exception {
        dns.add("_dmarc.example.com", "v=DMARC1; p=reject; rua=mailto:dmarc@example.com");
        dns.add("_dmarc.example.org", "v=DMARC1; p=none; rua=mailto:agg@example.org");
        rows.record(ReportRows.row(D, "example.com", "192.0.2.1", "reject"));
        rows.record(ReportRows.row(D, "example.com", "192.0.2.2", "none"));
        rows.record(ReportRows.row(D, "example.org", "192.0.2.3", "none"));

        int sent = daily().runFor(DAY);

        assertThat(sent).isEqualTo(2);
        assertThat(queue.messages).extracting(OutboundMessage::recipients)
                .containsExactly(List.of("dmarc@example.com"), List.of("agg@example.org"));
        assertThat(queue.messages).allSatisfy(message -> assertThat(message.reversePath()).isEmpty());
        assertThat(rows.policyDomains(D)).isEmpty();

        OutboundMessage first = queue.messages.getFirst();
        assertThat(new String(first.message(), StandardCharsets.US_ASCII)).startsWith("DKIM-Signature: v=1; d=coffer.example\r\n");
        Message message = parse(first.message());
        assertThat(message.getSubject()).isEqualTo(
                "Report Domain: example.com Submitter: mx.coffer.example Report-ID: <" + reportId(first) + ">");
        Entity attachment = ((Multipart) message.getBody()).getBodyParts().get(1);
        assertThat(attachment.getMimeType()).isEqualTo("application/gzip");
        assertThat(attachment.getFilename()).isEqualTo("mx.coffer.example!example.com!1775001600!1775087999.xml.gz");
        Document xml = DmarcAggregateReportTest.parse(gunzip(attachment));
        assertThat(DmarcAggregateReportTest.text(xml, "/feedback/policy_published/domain")).isEqualTo("example.com");
        assertThat(DmarcAggregateReportTest.text(xml, "count(/feedback/record)")).isEqualTo("2");
        assertThat(DmarcAggregateReportTest.text(xml, "/feedback/report_metadata/report_id")).isEqualTo(reportId(first));
    }

    @Test
    void forgetsRowsOfDomainsThatNoLongerAskForReports() {
        dns.add("_dmarc.example.com", "v=DMARC1; p=reject");
        rows.record(ReportRows.row(D, "example.com", "192.0.2.1", "reject"));
        rows.record(ReportRows.row(D, "gone.example", "192.0.2.1", "reject"));

        assertThat(daily().runFor(DAY)).isZero();

        assertThat(queue.messages).isEmpty();
        assertThat(rows.policyDomains(D)).isEmpty();
    }

    @Test
    void keepsTheRowsWhenDnsFailsForNowAndForgetsOlderDays() {
        dns.failing.add("_dmarc.example.com");
        rows.record(ReportRows.row(D, "example.com", "192.0.2.1", "reject"));
        rows.record(ReportRows.row("2026-03-30", "example.com", "192.0.2.1", "reject"));

        assertThat(daily().runFor(DAY)).isZero();

        assertThat(rows.policyDomains(D)).containsExactly("example.com");
        assertThat(rows.policyDomains("2026-03-30")).isEmpty();
    }

    @Test
    void reportsGoToAnotherDomainOnlyWhenItAgrees() {
        // RFC 7489 §7.1: example.com._report._dmarc.reports.example must say v=DMARC1
        dns.add("_dmarc.example.com", "v=DMARC1; p=reject; rua=mailto:a@reports.example,mailto:b@stranger.example,"
                + "mailto:c@sub.example.com");
        dns.add("example.com._report._dmarc.reports.example", "v=DMARC1");
        dns.add("example.com._report._dmarc.stranger.example", "v=spf1 -all");
        rows.record(ReportRows.row(D, "example.com", "192.0.2.1", "reject"));

        daily().runFor(DAY);

        assertThat(queue.messages).extracting(message -> message.recipients().getFirst())
                .containsExactly("a@reports.example", "c@sub.example.com");
        assertThat(dns.queries).doesNotContain("example.com._report._dmarc.sub.example.com");
    }

    @Test
    void respectsTheSizeLimitOfEachAddress() {
        dns.add("_dmarc.example.com", "v=DMARC1; p=reject; rua=mailto:small@example.com!1k,mailto:big@example.com!10m");
        for (int i = 0; i < 200; i++) {
            rows.record(ReportRows.row(D, "example.com", "192.0.2." + i, "reject"));
        }

        daily().runFor(DAY);

        assertThat(queue.messages).extracting(message -> message.recipients().getFirst())
                .containsExactly("big@example.com");
        assertThat(queue.messages.getFirst().message().length).isGreaterThan(1024);
    }

    @Test
    void aQueueFailureKeepsTheRowsForAnotherTry() {
        dns.add("_dmarc.example.com", "v=DMARC1; p=reject; rua=mailto:dmarc@example.com");
        rows.record(ReportRows.row(D, "example.com", "192.0.2.1", "reject"));
        queue.failing = true;

        assertThat(daily().runFor(DAY)).isZero();

        assertThat(rows.policyDomains(D)).containsExactly("example.com");
    }

    @Test
    void runsAfterMidnightWithARandomDelayWithinTheHour() {
        DailyDmarcReports daily = new DailyDmarcReports(rows, mailer, "o", "e@o.example", InstantSource.system(),
                Duration.ofMinutes(10), Duration.ofHours(1), new SplittableRandom(7));

        Instant next = daily.nextRun(Instant.parse("2026-04-01T12:00:00Z"));

        assertThat(next).isBetween(Instant.parse("2026-04-02T00:10:00Z"), Instant.parse("2026-04-02T01:10:00Z"));
        assertThat(daily.nextRun(Instant.parse("2026-04-02T00:05:00Z"))).isBefore(Instant.parse("2026-04-02T01:10:01Z"));
    }

    private static String reportId(OutboundMessage queued) throws Exception {
        Entity attachment = ((Multipart) parse(queued.message()).getBody()).getBodyParts().get(1);
        Document xml = DmarcAggregateReportTest.parse(gunzip(attachment));
        return DmarcAggregateReportTest.text(xml, "/feedback/report_metadata/report_id");
    }

    private static Message parse(byte[] message) throws Exception {
        return new DefaultMessageBuilder().parseMessage(new ByteArrayInputStream(message));
    }

    private static byte[] gunzip(Entity part) throws Exception {
        try (InputStream in = new GZIPInputStream(((SingleBody) part.getBody()).getInputStream())) {
            return in.readAllBytes();
        }
    }

    private static byte[] concat(String prefix, byte[] message) {
        byte[] head = prefix.getBytes(StandardCharsets.US_ASCII);
        byte[] both = new byte[head.length + message.length];
        System.arraycopy(head, 0, both, 0, head.length);
        System.arraycopy(message, 0, both, head.length, message.length);
        return both;
    }
}
