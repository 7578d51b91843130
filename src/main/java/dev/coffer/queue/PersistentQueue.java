package dev.coffer.queue;

import dev.coffer.store.BlobStore;
import dev.coffer.store.QueueEntry;
import dev.coffer.store.QueueRecipient;
import dev.coffer.store.QueueStore;
import dev.coffer.store.Store;
import dev.coffer.store.StoreException;
import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The outbound queue on the store: one row per message with its recipients' state, and the
 * message as a blob sealed with the node {@link QueueKey}. {@link #enqueue} returns once both
 * are fsync'd and committed (DESIGN §1.4). The blob is deleted once every recipient is
 * delivered or bounced, or the message is dropped.
 */
public final class PersistentQueue implements OutboundQueue {

    private static final Logger log = LoggerFactory.getLogger(PersistentQueue.class);

    private final QueueStore rows;
    private final BlobStore blobs;
    private final QueueKey key;
    private final InstantSource clock;
    private final SecureRandom random = new SecureRandom();
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();

    public PersistentQueue(QueueStore rows, BlobStore blobs, QueueKey key, InstantSource clock) {
        this.rows = rows;
        this.blobs = blobs;
        this.key = key;
        this.clock = clock;
    }

    /** The queue of one data directory: rows in its database, sealed blobs in its blob store, {@code DATA/queue.key}. */
    public static PersistentQueue open(Store store, Path dataDir) throws IOException {
        return new PersistentQueue(store.queue(), store.blobs(), QueueKey.loadOrCreate(dataDir), InstantSource.system());
    }

    @Override
    public String enqueue(OutboundMessage message) throws QueueException {
        if (message.recipients().isEmpty()) {
            throw new IllegalArgumentException("a queued message needs at least one recipient");
        }
        String blobId;
        try {
            blobId = blobs.put(key.seal(message.message()));
        } catch (IOException e) {
            throw new QueueException("cannot write the queued message: " + e.getMessage(), e);
        }
        Instant now = clock.instant();
        List<QueueRecipient> recipients = new ArrayList<>();
        for (String address : message.recipients()) {
            recipients.add(QueueRecipient.pending(recipients.size(), address));
        }
        String id = HexFormat.of().formatHex(randomBytes());
        QueueEntry entry = new QueueEntry(id, message.reversePath() == null ? "" : message.reversePath(), blobId,
                message.message().length, message.requireTls(), message.envelopeId(), now, now, 0, false, recipients);
        try {
            rows.insert(entry);
        } catch (StoreException e) {
            deleteBlob(blobId);
            throw new QueueException("cannot record the queued message: " + e.getMessage(), e);
        }
        log.info("event=queued id={} recipients={} octets={} requireTls={}",
                id, recipients.size(), message.message().length, message.requireTls());
        changed();
        return id;
    }

    /** Every queued message with its recipients' state, oldest first (for {@code coffer queue list}). */
    public List<QueuedMessage> list() {
        return rows.list().stream().map(PersistentQueue::view).toList();
    }

    public Optional<QueuedMessage> find(String id) {
        return rows.find(id).map(PersistentQueue::view);
    }

    /** Makes the message due now; false if no such message is queued. */
    public boolean retry(String id) {
        boolean found = rows.reschedule(id, clock.instant());
        if (found) {
            log.info("event=retry-requested id={}", id);
            changed();
        }
        return found;
    }

    /** Removes the message without delivering it or telling the sender; false if no such message is queued. */
    public boolean drop(String id) {
        Optional<QueueEntry> entry = rows.find(id);
        if (entry.isEmpty() || !rows.delete(id)) {
            return false;
        }
        deleteBlob(entry.get().blobId());
        log.info("event=dropped id={}", id);
        return true;
    }

    /** Asks to be told whenever a message becomes due earlier than planned (enqueue, retry). */
    public void onChange(Runnable listener) {
        listeners.add(listener);
    }

    // What the runner needs.

    InstantSource clock() {
        return clock;
    }

    QueueStore rows() {
        return rows;
    }

    List<QueueEntry> due(Instant now, int limit) {
        return rows.due(now, limit);
    }

    Optional<Instant> nextDue() {
        return rows.nextDue();
    }

    Optional<QueueEntry> entry(String id) {
        return rows.find(id);
    }

    /** The decrypted message; it stays in memory only. */
    byte[] content(QueueEntry entry) throws IOException {
        return key.open(blobs.get(entry.blobId()));
    }

    /** Saves the state after a round; false if the message was dropped meanwhile. */
    boolean save(QueueEntry entry) {
        return rows.update(entry);
    }

    /** Removes a finished message: the row first, so a crash leaves at worst an orphan ciphertext blob. */
    void remove(QueueEntry entry) {
        if (rows.delete(entry.id())) {
            deleteBlob(entry.blobId());
        }
    }

    private byte[] randomBytes() {
        byte[] bytes = new byte[8];
        random.nextBytes(bytes);
        return bytes;
    }

    private void deleteBlob(String blobId) {
        try {
            blobs.delete(blobId);
        } catch (IOException e) {
            log.warn("event=queue-blob-delete-failed blob={} error=\"{}\"", blobId, e.getMessage());
        }
    }

    private void changed() {
        for (Runnable listener : listeners) {
            listener.run();
        }
    }

    private static QueuedMessage view(QueueEntry entry) {
        return new QueuedMessage(entry.id(), entry.reversePath(), entry.size(), entry.requireTls(), entry.created(),
                entry.nextAttempt(), entry.attempts(), entry.recipients());
    }
}
