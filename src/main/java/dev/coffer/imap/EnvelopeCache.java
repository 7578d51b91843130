package dev.coffer.imap;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * ENVELOPE responses (RFC 9051 §7.5.2) already written, by blob, shared by the sessions of
 * one listener, so a mailbox listed again is not read from disk again. An entry never goes
 * stale: blobs are immutable and their ids are never reused, so nothing needs invalidating;
 * the entry of an expunged message simply ages out. Bounded by the octets it holds, least
 * recently used first out. Holds only what the stored outer header already shows in the clear.
 */
public final class EnvelopeCache {

    /** Per entry beyond its bytes: the map node, the key and the array header, roughly. */
    private static final int ENTRY_OVERHEAD = 160;

    private record Key(String blobId, boolean utf8) {}

    private final long maxOctets;
    private final Map<Key, byte[]> entries = new LinkedHashMap<>(1024, 0.75f, true);
    private long octets;

    public EnvelopeCache(long maxOctets) {
        if (maxOctets < 0) {
            throw new IllegalArgumentException("the envelope cache size must not be negative");
        }
        this.maxOctets = maxOctets;
    }

    /** The ENVELOPE of this blob as written with or without UTF8=ACCEPT, or null when not cached. */
    synchronized byte[] get(String blobId, boolean utf8) {
        return entries.get(new Key(blobId, utf8));
    }

    synchronized void put(String blobId, boolean utf8, byte[] envelope) {
        long size = envelope.length + ENTRY_OVERHEAD;
        if (size > maxOctets) {
            return;
        }
        byte[] previous = entries.put(new Key(blobId, utf8), envelope);
        octets += size - (previous == null ? 0 : previous.length + ENTRY_OVERHEAD);
        var oldest = entries.values().iterator();
        while (octets > maxOctets && oldest.hasNext()) {
            octets -= oldest.next().length + ENTRY_OVERHEAD;
            oldest.remove();
        }
    }

    synchronized int size() {
        return entries.size();
    }
}
