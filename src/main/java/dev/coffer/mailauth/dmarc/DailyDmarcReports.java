package dev.coffer.mailauth.dmarc;

import dev.coffer.schedule.DailyRun;
import dev.coffer.store.DmarcReportCount;
import dev.coffer.store.DmarcReportStore;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends yesterday's DMARC aggregate reports once a day (RFC 7489 §7.2: one report per policy
 * domain and interval; Coffer uses the default ri= of one UTC day), shortly after 00:00 UTC plus a
 * random delay, then forgets the rows it reported and any older ones.
 * The schedule is a {@link DailyRun}.
 */
public final class DailyDmarcReports implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(DailyDmarcReports.class);

    /** The earliest a run starts after midnight UTC: late messages of the day are recorded by then. */
    public static final Duration AFTER_MIDNIGHT = Duration.ofMinutes(10);
    /** Spread over an hour, so that report receivers are not flooded at one instant. */
    public static final Duration MAX_RANDOM_DELAY = Duration.ofHours(1);

    /** At most this many distinct records go into one report (a bound on memory and report size). */
    public static final int MAX_RECORDS = 10_000;

    private final DmarcReportStore rows;
    private final DmarcReportMailer mailer;
    private final String orgName;
    private final String email;
    private final DailyRun schedule;

    /**
     * Runs at 00:10 UTC plus up to one hour, by the system clock.
     *
     * @param orgName report_metadata/org_name, e.g. the host name
     * @param email   report_metadata/email, e.g. postmaster@HOST
     */
    public DailyDmarcReports(DmarcReportStore rows, DmarcReportMailer mailer, String orgName, String email) {
        this(rows, mailer, orgName, email, InstantSource.system(), AFTER_MIDNIGHT, MAX_RANDOM_DELAY,
                RandomGenerator.getDefault());
    }

    public DailyDmarcReports(DmarcReportStore rows, DmarcReportMailer mailer, String orgName, String email,
                             InstantSource clock, Duration afterMidnight, Duration maxRandomDelay,
                             RandomGenerator random) {
        this.rows = rows;
        this.mailer = mailer;
        this.orgName = orgName;
        this.email = email;
        this.schedule = new DailyRun("dmarc-reports", this::runFor, clock, afterMidnight, maxRandomDelay, random);
    }

    /** Plans the first run; does nothing when already started. */
    public void start() {
        schedule.start();
    }

    /**
     * Sends the report of {@code day} for each policy domain with rows, forgets those rows (kept only
     * when sending failed for now), then forgets every row of the days before; returns how many
     * reports went to at least one address.
     */
    public int runFor(LocalDate day) {
        int sent = 0;
        for (String domain : rows.policyDomains(day.toString())) {
            List<DmarcReportCount> found = rows.counts(day.toString(), domain, MAX_RECORDS);
            if (found.isEmpty()) {
                continue;
            }
            String reportId = day + "." + UUID.randomUUID().toString().replace("-", "") + "@" + mailer.submitter();
            DmarcAggregateReport report = new DmarcAggregateReport(orgName, email, reportId, day, domain, found);
            try {
                if (mailer.send(report) > 0) {
                    sent++;
                }
                rows.delete(day.toString(), domain);
            } catch (IOException | RuntimeException e) {
                log.warn("event=dmarc-report-send-failed domain={} day={} error=\"{}\"", domain, day, e.getMessage());
            }
        }
        rows.deleteBefore(day.toString());
        log.info("event=dmarc-report-day-done day={} reports={}", day, sent);
        return sent;
    }

    /** The time of the next run after {@code now}. */
    Instant nextRun(Instant now) {
        return schedule.nextRun(now);
    }

    /** Cancels the planned run and waits (briefly) for one in progress. */
    @Override
    public void close() {
        schedule.close();
    }
}
