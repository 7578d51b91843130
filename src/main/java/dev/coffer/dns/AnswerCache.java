package dev.coffer.dns;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.xbill.DNS.Name;

/**
 * A bounded, least-recently-used cache of answers, each kept for its TTL (RFC 1035 §3.2.1) but
 * never longer than a cap, and of failures (SERVFAIL, timeouts, unreachable servers), each kept
 * for a short fixed time (RFC 2308 §7.1 and §7.2 allow up to five minutes).
 */
final class AnswerCache {

    private record Key(Name name, int type) {}

    /** Either an answer or the failure that a lookup ended with. */
    private record Cached(DnsAnswer answer, DnsException failure, Instant expires) {}

    private final int capacity;
    private final Duration maxTtl;
    private final Clock clock;
    private final Map<Key, Cached> entries;

    AnswerCache(int capacity, Duration maxTtl, Clock clock) {
        this.capacity = capacity;
        this.maxTtl = maxTtl;
        this.clock = clock;
        this.entries = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Key, Cached> eldest) {
                return size() > AnswerCache.this.capacity;
            }
        };
    }

    /**
     * The cached answer, or null when there is none.
     *
     * @throws DnsException a copy of the cached failure of this lookup
     */
    synchronized DnsAnswer get(Name name, int type) throws DnsException {
        Key key = new Key(name, type);
        Cached entry = entries.get(key);
        if (entry == null) {
            return null;
        }
        if (!clock.instant().isBefore(entry.expires())) {
            entries.remove(key);
            return null;
        }
        if (entry.failure() != null) {
            throw entry.failure().copy();
        }
        return entry.answer();
    }

    /** Keeps {@code answer} for {@code ttlSeconds}, capped; a TTL of 0 means "do not cache". */
    synchronized void put(DnsAnswer answer, long ttlSeconds) {
        if (capacity <= 0 || ttlSeconds <= 0) {
            return;
        }
        Duration ttl = Duration.ofSeconds(ttlSeconds);
        if (ttl.compareTo(maxTtl) > 0) {
            ttl = maxTtl;
        }
        entries.put(new Key(answer.name(), answer.type()), new Cached(answer, null, clock.instant().plus(ttl)));
    }

    /** Keeps the failure of a lookup for {@code duration}; a zero duration means "do not cache". */
    synchronized void putFailure(Name name, int type, DnsException failure, Duration duration) {
        if (capacity <= 0 || !duration.isPositive()) {
            return;
        }
        entries.put(new Key(name, type), new Cached(null, failure, clock.instant().plus(duration)));
    }

    synchronized int size() {
        return entries.size();
    }
}
