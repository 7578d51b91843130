package dev.coffer.jmap;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Blobs clients upload (RFC 8620 §6.1), held in memory only — never written to disk, since an
 * upload is usually a plaintext message about to be imported or sent. Bounded per account
 * in count and octets, and forgotten after {@link #LIFETIME}.
 */
public final class Uploads {

    /** RFC 8620 §6.1: an unreferenced upload may go after an hour. */
    public static final Duration LIFETIME = Duration.ofHours(1);

    /** One held upload. */
    public record Upload(String blobId, String type, byte[] content, Instant expires) {}

    private static final SecureRandom RANDOM = new SecureRandom();

    private final Map<Long, LinkedHashMap<String, Upload>> byAccount = new ConcurrentHashMap<>();
    private final int maxHeld;
    private final long maxOctets;
    private final Clock clock;

    /** Holds at most {@code maxHeld} uploads and {@code maxOctets} per account; the oldest go first. */
    public Uploads(int maxHeld, long maxOctets, Clock clock) {
        this.maxHeld = maxHeld;
        this.maxOctets = maxOctets;
        this.clock = clock;
    }

    public Upload put(long accountId, String type, byte[] content) {
        byte[] id = new byte[18];
        RANDOM.nextBytes(id);
        Upload upload = new Upload("U" + Base64.getUrlEncoder().withoutPadding().encodeToString(id), type,
                content, clock.instant().plus(LIFETIME));
        LinkedHashMap<String, Upload> held = byAccount.computeIfAbsent(accountId, a -> new LinkedHashMap<>());
        synchronized (held) {
            held.put(upload.blobId(), upload);
            prune(held);
        }
        return upload;
    }

    public Optional<Upload> get(long accountId, String blobId) {
        LinkedHashMap<String, Upload> held = byAccount.get(accountId);
        if (held == null) {
            return Optional.empty();
        }
        synchronized (held) {
            prune(held);
            return Optional.ofNullable(held.get(blobId));
        }
    }

    private void prune(LinkedHashMap<String, Upload> held) {
        Instant now = clock.instant();
        held.values().removeIf(upload -> !upload.expires().isAfter(now));
        long octets = held.values().stream().mapToLong(upload -> upload.content().length).sum();
        Iterator<Upload> oldestFirst = held.values().iterator();
        while (oldestFirst.hasNext() && (held.size() > maxHeld || octets > maxOctets)) {
            octets -= oldestFirst.next().content().length;
            oldestFirst.remove();
        }
    }
}
