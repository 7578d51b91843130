package dev.coffer.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReadCacheTest {

    @TempDir
    Path dir;

    Database database;
    final AtomicInteger reads = new AtomicInteger();

    @BeforeEach
    void open() {
        database = Database.openSqlite(dir.resolve("coffer.db"), () -> { });
    }

    @AfterEach
    void close() {
        database.close();
    }

    @Test
    void answersFromMemoryWhileNothingOfItsTopicWasWritten() {
        ReadCache<String, String> cache = new ReadCache<>(database.changes(), ChangeCounters.Topic.DIRECTORY, 10);

        cache.get("a", this::read);
        cache.get("a", this::read);
        cache.get("b", this::read);

        assertThat(reads).hasValue(2);
    }

    @Test
    void readsAgainOnceAWriteOfItsTopicReturned() {
        ReadCache<String, String> cache = new ReadCache<>(database.changes(), ChangeCounters.Topic.DIRECTORY, 10);
        cache.get("a", this::read);

        database.write(connection -> null, ChangeCounters.Topic.DIRECTORY);

        assertThat(cache.get("a", this::read)).isEqualTo("a#2");
    }

    @Test
    void aWriteOfAnotherTopicKeepsItsEntries() {
        ReadCache<String, String> cache = new ReadCache<>(database.changes(), ChangeCounters.Topic.DIRECTORY, 10);
        cache.get("a", this::read);

        database.write(connection -> null, ChangeCounters.Topic.SIEVE_SCRIPTS);
        database.write(connection -> null);

        assertThat(cache.get("a", this::read)).isEqualTo("a#1");
    }

    @Test
    void aWriteThatFailsStillInvalidates() {
        ReadCache<String, String> cache = new ReadCache<>(database.changes(), ChangeCounters.Topic.DIRECTORY, 10);
        cache.get("a", this::read);

        assertThatThrownBy(() -> database.write(connection -> {
            throw new java.sql.SQLException("constraint failed");
        }, ChangeCounters.Topic.DIRECTORY)).isInstanceOf(StoreException.class);

        assertThat(cache.get("a", this::read)).isEqualTo("a#2");
    }

    @Test
    void anAnswerReadWhileAWriteCommittedIsNotServedAfterIt() {
        ReadCache<String, String> cache = new ReadCache<>(database.changes(), ChangeCounters.Topic.DIRECTORY, 10);

        cache.get("a", key -> {
            String before = read(key);
            database.write(connection -> null, ChangeCounters.Topic.DIRECTORY);
            return before;
        });

        assertThat(cache.get("a", this::read)).isEqualTo("a#2");
    }

    @Test
    void aReadThatThrowsKeepsNothing() {
        ReadCache<String, String> cache = new ReadCache<>(database.changes(), ChangeCounters.Topic.DIRECTORY, 10);

        assertThatThrownBy(() -> cache.get("a", key -> {
            throw new StoreException("database read failed", null);
        })).isInstanceOf(StoreException.class);

        assertThat(cache.get("a", this::read)).isEqualTo("a#1");
    }

    @Test
    void holdsAtMostItsBoundAndStartsAfreshWhenFull() {
        ReadCache<String, String> cache = new ReadCache<>(database.changes(), ChangeCounters.Topic.DIRECTORY, 2);
        cache.get("a", this::read);
        cache.get("b", this::read);

        cache.get("c", this::read);
        cache.get("c", this::read);
        cache.get("a", this::read);

        assertThat(reads).as("a, b, c, then a again after c emptied the full cache").hasValue(4);
    }

    @Test
    void aWriteThroughAnotherOpeningOfTheDatabaseInvalidatesToo() {
        ReadCache<String, String> cache = new ReadCache<>(database.changes(), ChangeCounters.Topic.DIRECTORY, 10);
        cache.get("a", this::read);

        // What a CLI command does while the server runs: its own opening, its own mapping of the counters.
        try (Database other = Database.openSqlite(dir.resolve("coffer.db"), () -> { })) {
            other.write(connection -> null, ChangeCounters.Topic.DIRECTORY);
        }

        assertThat(cache.get("a", this::read)).isEqualTo("a#2");
    }

    private String read(String key) {
        return key + "#" + reads.incrementAndGet();
    }
}
