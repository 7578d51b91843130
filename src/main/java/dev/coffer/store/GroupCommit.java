package dev.coffer.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Consumer;

/**
 * Batches writes from many threads into one transaction: one committer thread takes
 * whatever requests are waiting, runs them all in one transaction (one fsync of the WAL,
 * after one fsync of each blob directory the batch wrote to, see {@link Database.CommitBarrier}),
 * then tells the after-commit listener and completes every request's future. Under load,
 * batches grow by themselves.
 */
final class GroupCommit<R, T> implements AutoCloseable {

    /** One request's part of a shared transaction. */
    @FunctionalInterface
    interface Work<R, T> {
        T apply(Connection connection, R request) throws SQLException;
    }

    private static final int MAX_BATCH = 256;

    private record Pending<R, T>(R request, CompletableFuture<T> result) {}

    private final BlockingQueue<Pending<R, T>> queue = new LinkedBlockingQueue<>();
    private final Database database;
    private final Work<R, T> work;
    private final Consumer<T> afterCommit;
    private final Thread committer;
    private volatile boolean closed;

    GroupCommit(Database database, Work<R, T> work, Consumer<T> afterCommit) {
        this.database = database;
        this.work = work;
        this.afterCommit = afterCommit;
        // A platform thread: SQLite's JNI calls would pin a virtual thread's carrier anyway.
        this.committer = Thread.ofPlatform().daemon().name("coffer-group-commit").start(this::run);
    }

    CompletableFuture<T> submit(R request) {
        CompletableFuture<T> result = new CompletableFuture<>();
        if (closed) {
            result.completeExceptionally(new StoreException("the store is shutting down", null));
            return result;
        }
        queue.add(new Pending<>(request, result));
        return result;
    }

    private void run() {
        List<Pending<R, T>> batch = new ArrayList<>();
        while (!closed || !queue.isEmpty()) {
            try {
                batch.add(queue.take());
            } catch (InterruptedException e) {
                if (closed) {
                    break;
                }
                continue;
            }
            queue.drainTo(batch, MAX_BATCH - 1);
            commit(batch);
            batch.clear();
        }
        failRemaining();
    }

    private void commit(List<Pending<R, T>> batch) {
        List<T> results;
        try {
            results = database.write(connection -> {
                List<T> done = new ArrayList<>(batch.size());
                for (Pending<R, T> pending : batch) {
                    done.add(work.apply(connection, pending.request()));
                }
                return done;
            });
        } catch (RuntimeException e) {
            commitOneByOne(batch);
            return;
        }
        for (int i = 0; i < batch.size(); i++) {
            afterCommit.accept(results.get(i));
            batch.get(i).result().complete(results.get(i));
        }
    }

    /** A failed batch is retried request by request, so one bad request fails only itself. */
    private void commitOneByOne(List<Pending<R, T>> batch) {
        for (Pending<R, T> pending : batch) {
            try {
                T result = database.write(connection -> work.apply(connection, pending.request()));
                afterCommit.accept(result);
                pending.result().complete(result);
            } catch (RuntimeException e) {
                pending.result().completeExceptionally(e);
            }
        }
    }

    private void failRemaining() {
        Pending<R, T> pending;
        while ((pending = queue.poll()) != null) {
            pending.result().completeExceptionally(new StoreException("the store is shutting down", null));
        }
    }

    @Override
    public void close() {
        closed = true;
        committer.interrupt();
        try {
            committer.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
