package dev.coffer.store;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.locks.ReentrantLock;
import org.flywaydb.core.Flyway;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * The metadata database: SQLite in WAL mode, migrated by Flyway at open.
 *
 * <p>SQLite allows one writer at a time, and its JNI calls pin the carrier thread of a
 * virtual thread (DESIGN §7), so writes go through one connection behind a lock and
 * reads through a small bounded pool. Several processes (the server and CLI commands)
 * may open the same file; SQLite's busy timeout serialises them.
 *
 * <p>Before each commit the database runs its {@link CommitBarrier}: what the rows about to
 * commit rely on (the names of the blobs they point at) is made durable first.
 */
public final class Database implements AutoCloseable {

    /** Work that must be durable before any commit. */
    @FunctionalInterface
    public interface CommitBarrier {
        void sync() throws IOException;
    }

    private static final int READERS = 4;
    private static final int BUSY_TIMEOUT_MILLIS = 30_000;

    private final ReentrantLock writeLock = new ReentrantLock();
    private final Connection writer;
    private final BlockingQueue<Connection> readers = new ArrayBlockingQueue<>(READERS);
    private final CommitBarrier barrier;
    private final ChangeCounters changes;

    private Database(SQLiteDataSource dataSource, CommitBarrier barrier, ChangeCounters changes) throws SQLException {
        this.barrier = barrier;
        this.changes = changes;
        writer = dataSource.getConnection();
        writer.setAutoCommit(false);
        for (int i = 0; i < READERS; i++) {
            Connection reader = dataSource.getConnection();
            try (var statement = reader.createStatement()) {
                statement.execute("PRAGMA query_only = true");
            }
            readers.add(reader);
        }
    }

    /**
     * Opens (creating if needed) and migrates the database file, with its change counters beside
     * it ({@code FILE-changes}); {@code barrier} runs before every commit.
     */
    public static Database openSqlite(Path file, CommitBarrier barrier) {
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        // WAL + FULL: every commit is fsync'd before it returns (DESIGN §1.4).
        config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
        config.setBusyTimeout(BUSY_TIMEOUT_MILLIS);
        config.enforceForeignKeys(true);
        SQLiteDataSource dataSource = new SQLiteDataSource(config);
        dataSource.setUrl("jdbc:sqlite:" + file.toAbsolutePath());
        try {
            Flyway.configure()
                    .dataSource(dataSource)
                    .locations("classpath:db/migration/sqlite")
                    .loggers("slf4j")
                    .load()
                    .migrate();
            ChangeCounters changes = ChangeCounters.open(file.resolveSibling(file.getFileName() + "-changes"));
            return new Database(dataSource, barrier, changes);
        } catch (SQLException | IOException | RuntimeException e) {
            throw new StoreException("cannot open the database " + file + ": " + e.getMessage(), e);
        }
    }

    /** Runs work in one write transaction and commits it (durably) before returning. */
    public <T> T write(SqlWork<T> work) {
        writeLock.lock();
        try {
            try {
                T result = work.run(writer);
                barrier.sync();
                writer.commit();
                return result;
            } catch (SQLException | IOException | RuntimeException e) {
                rollbackQuietly(e);
                throw e;
            }
        } catch (SQLException e) {
            throw new StoreException("database write failed: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new StoreException("cannot make the blobs durable before the commit: " + e.getMessage(), e);
        } finally {
            writeLock.unlock();
        }
    }

    /**
     * As {@link #write(SqlWork)}, for work that changes what caches of {@code topics} hold: their
     * counters move on once it has committed (or failed), in this process and every other.
     */
    public <T> T write(SqlWork<T> work, ChangeCounters.Topic... topics) {
        try {
            return write(work);
        } finally {
            for (ChangeCounters.Topic topic : topics) {
                changes.changed(topic);
            }
        }
    }

    /** The counters that caches of this database's rows check. */
    public ChangeCounters changes() {
        return changes;
    }

    /** Runs read-only work on a pooled connection. */
    public <T> T read(SqlWork<T> work) {
        Connection reader;
        try {
            reader = readers.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException("interrupted while waiting for a database connection", e);
        }
        try {
            return work.run(reader);
        } catch (SQLException e) {
            throw new StoreException("database read failed: " + e.getMessage(), e);
        } finally {
            readers.add(reader);
        }
    }

    private void rollbackQuietly(Exception cause) {
        try {
            writer.rollback();
        } catch (SQLException rollbackFailure) {
            cause.addSuppressed(rollbackFailure);
        }
    }

    @Override
    public void close() {
        writeLock.lock();
        try {
            closeQuietly(writer);
            Connection reader;
            while ((reader = readers.poll()) != null) {
                closeQuietly(reader);
            }
        } finally {
            writeLock.unlock();
        }
    }

    private static void closeQuietly(Connection connection) {
        try {
            connection.close();
        } catch (SQLException ignored) {
            // Closing at shutdown: nothing useful to do with a failure.
        }
    }
}
