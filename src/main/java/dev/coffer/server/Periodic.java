package dev.coffer.server;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs a piece of housekeeping at a fixed interval on a virtual thread; a failure waits for the next turn. */
final class Periodic implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Periodic.class);

    private final ScheduledExecutorService scheduler =
            Executors.newSingleThreadScheduledExecutor(Thread.ofVirtual().name("periodic-", 0).factory());

    Periodic(String name, Duration interval, Runnable task) {
        this(name, interval, interval, task);
    }

    /** The first run comes after {@code firstDelay}, the others {@code interval} after the end of the one before. */
    Periodic(String name, Duration firstDelay, Duration interval, Runnable task) {
        scheduler.scheduleWithFixedDelay(() -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                LOG.warn("event=periodic-task-failed task={} error=\"{}\"", name, e.getMessage());
            }
        }, firstDelay.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
