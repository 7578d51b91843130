package dev.coffer.smtp.policy;

import java.time.Duration;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Counts events per key in a sliding window (one hour for message rates), in constant memory
 * per key: the count of the current fixed window plus the previous one's, weighted by how much
 * of it still lies inside the sliding window. At most {@code maxKeys} keys are tracked; beyond
 * that the key used least recently is forgotten, so a flood of new keys costs bounded memory.
 */
final class SlidingWindowCounter {

    /** Counts of one key in the current and previous fixed windows. */
    private static final class Counts {
        long window;
        int previous;
        int current;
    }

    private final InstantSource clock;
    private final long windowMillis;
    private final int limit;
    private final Map<String, Counts> counts;

    /**
     * @param limit   events per window; {@link #wait(String)} is positive while a key is at or above it
     * @param maxKeys how many keys to remember at most
     */
    SlidingWindowCounter(InstantSource clock, Duration window, int limit, int maxKeys) {
        if (window.toMillis() < 1 || limit < 1 || maxKeys < 1) {
            throw new IllegalArgumentException("window, limit and maxKeys must be positive");
        }
        this.clock = clock;
        this.windowMillis = window.toMillis();
        this.limit = limit;
        this.counts = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Counts> eldest) {
                return size() > maxKeys;
            }
        };
    }

    int limit() {
        return limit;
    }

    /** Zero while the key may have one more event within the limit; else how long until it may. */
    synchronized Duration wait(String key) {
        Counts entry = counts.get(key);
        if (entry == null) {
            return Duration.ZERO;
        }
        long now = clock.millis();
        roll(entry, now);
        long elapsed = Math.floorMod(now, windowMillis);
        double previous = entry.previous;
        int current = entry.current;
        if (previous * (windowMillis - elapsed) / windowMillis + current < limit) {
            return Duration.ZERO;
        }
        if (current < limit) {
            // later in this window the previous window's share has shrunk enough
            long until = (long) Math.ceil(windowMillis * (previous - (limit - current)) / previous);
            return Duration.ofMillis(until - elapsed + 1);
        }
        // only in the next window, once this window's share (then the previous one) has shrunk enough
        long into = (long) Math.floor((double) windowMillis * (current - limit) / current);
        return Duration.ofMillis(windowMillis - elapsed + into + 1);
    }

    /** Counts one event for the key. */
    synchronized void add(String key) {
        long now = clock.millis();
        Counts entry = counts.computeIfAbsent(key, k -> {
            Counts fresh = new Counts();
            fresh.window = Math.floorDiv(now, windowMillis);
            return fresh;
        });
        roll(entry, now);
        entry.current++;
    }

    /** How many keys are remembered now. */
    synchronized int size() {
        return counts.size();
    }

    private void roll(Counts entry, long now) {
        long window = Math.floorDiv(now, windowMillis);
        if (window == entry.window) {
            return;
        }
        entry.previous = window == entry.window + 1 ? entry.current : 0;
        entry.current = 0;
        entry.window = window;
    }
}
