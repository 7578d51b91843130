package dev.coffer.dns;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.xbill.DNS.Name;

/**
 * A bounded, least-recently-used cache of answers, each kept for its TTL (RFC 1035 §3.2.1) but
 * never longer than a cap. Only NOERROR and NXDOMAIN answers are cached; failures are not.
 */
final class AnswerCache {

    private record Key(Name name, int type) {}

    private record Cached(DnsAnswer answer, Instant expires) {}

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

    synchronized DnsAnswer get(Name name, int type) {
        Key key = new Key(name, type);
        Cached entry = entries.get(key);
        if (entry == null) {
            return null;
        }
        if (!clock.instant().isBefore(entry.expires())) {
            entries.remove(key);
            return null;
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
        entries.put(new Key(answer.name(), answer.type()), new Cached(answer, clock.instant().plus(ttl)));
    }

    synchronized int size() {
        return entries.size();
    }
}
