package dev.coffer.mailauth.dmarc;

import dev.coffer.store.DmarcReportCount;
import dev.coffer.store.DmarcReportStore;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends yesterday's DMARC aggregate reports once a day (RFC 7489 §7.2: one report per policy
 * domain and interval; Coffer uses the default ri= of one UTC day), shortly after 00:00 UTC plus a
 * random delay, then forgets the rows it reported and any older ones.
 *
 * <p>One platform thread waits for the next run; the time of each run is computed afresh from the
 * clock, so the schedule does not drift. A run that is missed (the server was down) is not made up.
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
    private final InstantSource clock;
    private final Duration afterMidnight;
    private final Duration maxRandomDelay;
    private final RandomGenerator random;
    private ScheduledThreadPoolExecutor timer;

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
        if (afterMidnight.isNegative() || maxRandomDelay.isNegative()
                || afterMidnight.plus(maxRandomDelay).compareTo(Duration.ofDays(1)) >= 0) {
            throw new IllegalArgumentException("the DMARC report time must fall within the day after the reported one");
        }
        this.rows = rows;
        this.mailer = mailer;
        this.orgName = orgName;
        this.email = email;
        this.clock = clock;
        this.afterMidnight = afterMidnight;
        this.maxRandomDelay = maxRandomDelay;
        this.random = random;
    }

    /** Plans the first run; does nothing when already started. */
    public synchronized void start() {
        if (timer != null) {
            return;
        }
        timer = new ScheduledThreadPoolExecutor(1,
                task -> Thread.ofPlatform().name("coffer-dmarc-reports").daemon().unstarted(task));
        // close() must not wait for a run planned for tomorrow
        timer.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        planNext();
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

    /**
     * The time of the next run after {@code now}: today's (00:00 UTC + {@link #AFTER_MIDNIGHT} + a
     * random delay) if {@code now} is before today's earliest run time, else tomorrow's.
     */
    Instant nextRun(Instant now) {
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        Instant earliest = today.atStartOfDay(ZoneOffset.UTC).toInstant().plus(afterMidnight);
        if (!now.isBefore(earliest)) {
            earliest = earliest.plus(Duration.ofDays(1));
        }
        long jitter = maxRandomDelay.isZero() ? 0 : random.nextLong(maxRandomDelay.toMillis() + 1);
        return earliest.plusMillis(jitter);
    }

    private synchronized void planNext() {
        if (timer == null || timer.isShutdown()) {
            return;
        }
        Instant now = clock.instant();
        Instant at = nextRun(now);
        // The run at `at` reports the UTC day that ended at the midnight before it.
        LocalDate day = LocalDate.ofInstant(at, ZoneOffset.UTC).minusDays(1);
        long delay = Math.max(0, Duration.between(now, at).toMillis());
        try {
            timer.schedule(() -> run(day), delay, TimeUnit.MILLISECONDS);
            log.debug("event=dmarc-report-planned day={} at={}", day, at);
        } catch (RejectedExecutionException closing) {
            // close() came first: nothing more to plan
        }
    }

    private void run(LocalDate day) {
        try {
            runFor(day);
        } catch (RuntimeException e) {
            log.warn("event=dmarc-report-day-failed day={} error=\"{}\"", day, e.getMessage());
        } finally {
            planNext();
        }
    }

    /** Cancels the planned run and waits (briefly) for one in progress. */
    @Override
    public void close() {
        ScheduledThreadPoolExecutor stopping;
        synchronized (this) {
            stopping = timer;
            if (stopping == null || stopping.isShutdown()) {
                return;
            }
            stopping.shutdown();
        }
        try {
            if (!stopping.awaitTermination(30, TimeUnit.SECONDS)) {
                stopping.shutdownNow();
            }
        } catch (InterruptedException e) {
            stopping.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
