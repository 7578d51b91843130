package dev.coffer.store;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Answers of one kind of read, kept while nothing they depend on has changed: each entry holds
 * the {@link ChangeCounters} count of its topic from before its read, and is used only while
 * that count is current, so every write of the topic (in any process) invalidates all entries
 * of it at once. Bounded: when full, it is emptied and fills again with what is asked for.
 *
 * @param <K> the key of a read
 * @param <V> its answer; never null (use {@code Optional} for "none")
 */
public final class ReadCache<K, V> {

    private record Entry<V>(long count, V value) {}

    private final ChangeCounters counters;
    private final ChangeCounters.Topic topic;
    private final int maxEntries;
    private final Map<K, Entry<V>> entries = new ConcurrentHashMap<>();

    public ReadCache(ChangeCounters counters, ChangeCounters.Topic topic, int maxEntries) {
        this.counters = counters;
        this.topic = topic;
        this.maxEntries = maxEntries;
    }

    /** The cached answer while current; else {@code read}'s, then kept. A read that throws keeps nothing. */
    public V get(K key, Function<? super K, ? extends V> read) {
        long count = counters.current(topic);
        Entry<V> entry = entries.get(key);
        if (entry != null && entry.count() == count) {
            return entry.value();
        }
        V value = read.apply(key);
        if (entries.size() >= maxEntries) {
            entries.clear();
        }
        entries.put(key, new Entry<>(count, value));
        return value;
    }
}
