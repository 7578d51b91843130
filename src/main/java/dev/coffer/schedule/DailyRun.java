package dev.coffer.schedule;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a task once a day for the UTC day that just ended: shortly after 00:00 UTC plus a random
 * delay, so that the receivers of daily reports are not all flooded at one instant.
 *
 * <p>One platform thread waits for the next run; the time of each run is computed afresh from the
 * clock, so the schedule does not drift. A run that is missed (the server was down at that time)
 * is not made up.
 */
public final class DailyRun implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(DailyRun.class);

    private final String name;
    private final Consumer<LocalDate> task;
    private final InstantSource clock;
    private final Duration afterMidnight;
    private final Duration maxRandomDelay;
    private final RandomGenerator random;
    private ScheduledThreadPoolExecutor timer;

    /**
     * @param name           names the thread and the log lines
     * @param task           what runs, given the day that ended at the midnight before the run
     * @param afterMidnight  the earliest a run starts after 00:00 UTC
     * @param maxRandomDelay the most a run is delayed beyond that, chosen at random each day
     */
    public DailyRun(String name, Consumer<LocalDate> task, InstantSource clock, Duration afterMidnight,
                    Duration maxRandomDelay, RandomGenerator random) {
        if (afterMidnight.isNegative() || maxRandomDelay.isNegative()
                || afterMidnight.plus(maxRandomDelay).compareTo(Duration.ofDays(1)) >= 0) {
            throw new IllegalArgumentException("the " + name + " time must fall within the day after the reported one");
        }
        this.name = name;
        this.task = task;
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
                runnable -> Thread.ofPlatform().name("coffer-" + name).daemon().unstarted(runnable));
        // close() must not wait for a run planned for tomorrow
        timer.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        planNext();
    }

    /**
     * The time of the next run after {@code now}: today's (00:00 UTC + the delay after midnight +
     * a random delay) if {@code now} is before today's earliest run time, else tomorrow's.
     */
    public Instant nextRun(Instant now) {
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
        // The run at `at` handles the UTC day that ended at the midnight before it.
        LocalDate day = LocalDate.ofInstant(at, ZoneOffset.UTC).minusDays(1);
        long delay = Math.max(0, Duration.between(now, at).toMillis());
        try {
            timer.schedule(() -> run(day), delay, TimeUnit.MILLISECONDS);
            log.debug("event=daily-run-planned task={} day={} at={}", name, day, at);
        } catch (RejectedExecutionException closing) {
            // close() came first: nothing more to plan
        }
    }

    private void run(LocalDate day) {
        try {
            task.accept(day);
        } catch (RuntimeException e) {
            log.warn("event=daily-run-failed task={} day={} error=\"{}\"", name, day, e.getMessage());
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
