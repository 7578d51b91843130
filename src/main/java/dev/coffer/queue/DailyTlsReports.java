package dev.coffer.queue;

import dev.coffer.schedule.DailyRun;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.LocalDate;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends yesterday's TLS reports once a day (RFC 8460 §4.1: a report covers one UTC day), shortly
 * after 00:00 UTC plus a random delay so that receivers do not get every sender's report at once,
 * then forgets the counts of the days before.
 * The schedule is a {@link DailyRun}.
 */
public final class DailyTlsReports implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(DailyTlsReports.class);

    /** The earliest a run starts after midnight UTC: late sessions of the day are counted by then. */
    public static final Duration AFTER_MIDNIGHT = Duration.ofMinutes(5);
    /** RFC 8460 §4.1: deliver after some delay, so receivers are not flooded at 00:00. */
    public static final Duration MAX_RANDOM_DELAY = Duration.ofHours(1);

    private final TlsReports reports;
    private final TlsReportSender sender;
    private final DailyRun schedule;

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
        this.reports = reports;
        this.sender = sender;
        this.schedule = new DailyRun("tls-reports", this::runFor, clock, afterMidnight, maxRandomDelay, random);
    }

    /** Plans the first run; does nothing when already started. */
    public void start() {
        schedule.start();
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
