package dev.coffer.queue;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends yesterday's TLS reports once a day (RFC 8460 §4.1: a report covers one UTC day), shortly
 * after 00:00 UTC plus a random delay so that receivers do not get every sender's report at once,
 * then forgets the counts of the days before.
 *
 * <p>One platform thread waits for the next run; the time of each run is computed afresh from the
 * clock, so the schedule does not drift. A run that is missed (the server was down at that time)
 * is not made up.
 */
public final class DailyTlsReports implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(DailyTlsReports.class);

    /** The earliest a run starts after midnight UTC: late sessions of the day are counted by then. */
    public static final Duration AFTER_MIDNIGHT = Duration.ofMinutes(5);
    /** RFC 8460 §4.1: deliver after some delay, so receivers are not flooded at 00:00. */
    public static final Duration MAX_RANDOM_DELAY = Duration.ofHours(1);

    private final TlsReports reports;
    private final TlsReportSender sender;
    private final InstantSource clock;
    private final Duration afterMidnight;
    private final Duration maxRandomDelay;
    private final RandomGenerator random;
    private ScheduledThreadPoolExecutor timer;

    /** Runs at 00:05 UTC plus up to one hour, by the system clock. */
    public DailyTlsReports(TlsReports reports, TlsReportSender sender) {
        this(reports, sender, InstantSource.system(), AFTER_MIDNIGHT, MAX_RANDOM_DELAY, RandomGenerator.getDefault());
    }

    /**
     * @param afterMidnight  the earliest a run starts after 00:00 UTC
     * @param maxRandomDelay the most a run is delayed beyond that, chosen at random each day
     */
    public DailyTlsReports(TlsReports reports, TlsReportSender sender, InstantSource clock, Duration afterMidnight,
                           Duration maxRandomDelay, RandomGenerator random) {
        if (afterMidnight.isNegative() || maxRandomDelay.isNegative()
                || afterMidnight.plus(maxRandomDelay).compareTo(Duration.ofDays(1)) >= 0) {
            throw new IllegalArgumentException("the TLS report time must fall within the day after the reported one");
        }
        this.reports = reports;
        this.sender = sender;
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
                task -> Thread.ofPlatform().name("coffer-tlsrpt").daemon().unstarted(task));
        // close() must not wait for a run planned for tomorrow
        timer.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        planNext();
    }

    /**
     * Sends the reports of {@code day} to each policy domain with counted sessions, then forgets the
     * counts of the days before {@code day}; returns how many reports were handed to the sender.
     */
    public int runFor(LocalDate day) {
        int sent = reports.send(day, sender);
        reports.forgetBefore(day);
        log.info("event=tlsrpt-day-done day={} reports={}", day, sent);
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
            log.debug("event=tlsrpt-planned day={} at={}", day, at);
        } catch (RejectedExecutionException closing) {
            // close() came first: nothing more to plan
        }
    }

    private void run(LocalDate day) {
        try {
            runFor(day);
        } catch (RuntimeException e) {
            log.warn("event=tlsrpt-day-failed day={} error=\"{}\"", day, e.getMessage());
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
