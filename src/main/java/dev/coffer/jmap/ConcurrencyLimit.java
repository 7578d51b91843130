package dev.coffer.jmap;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;

/** At most so many requests of one kind at a time per account (RFC 8620 §2 maxConcurrentRequests, maxConcurrentUpload). */
public final class ConcurrencyLimit {

    /** A held permit; closing it gives it back. */
    public interface Permit extends AutoCloseable {
        @Override
        void close();
    }

    private final int permits;
    private final Map<Long, Semaphore> byAccount = new ConcurrentHashMap<>();

    public ConcurrencyLimit(int permits) {
        this.permits = permits;
    }

    /** A permit to close when the request ends, or empty when the account already uses all of them. */
    public Optional<Permit> tryEnter(long accountId) {
        Semaphore semaphore = byAccount.computeIfAbsent(accountId, a -> new Semaphore(permits));
        if (!semaphore.tryAcquire()) {
            return Optional.empty();
        }
        return Optional.of(semaphore::release);
    }
}
