package dev.coffer.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.coffer.mail.TopLevelHeaders;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * "Acknowledge after fsync + commit" (DESIGN §1.4) with the blobs' directory fsyncs done once per
 * commit: a message row commits only after the name of its blob is durable, and not at all when
 * that fails.
 */
class BlobNamesBeforeCommitTest {

    @TempDir
    Path dir;

    private final List<String> events = new CopyOnWriteArrayList<>();
    private final AtomicReference<Database> database = new AtomicReference<>();
    private final AtomicBoolean failSync = new AtomicBoolean();
    private FileBlobStore blobs;
    private MessageStore messages;

    @AfterEach
    void close() {
        if (messages != null) {
            messages.close();
        }
        if (database.get() != null) {
            database.get().close();
        }
    }

    @Test
    void aDeliveredRowCommitsOnlyAfterItsBlobsDirectoryIsSynced() throws Exception {
        long inbox = open();
        String blobId = blobs.put(new byte[] {1, 2, 3});

        List<StoredMessage> stored = messages.append(List.of(row(inbox, blobId))).get();

        assertThat(events).containsSubsequence("sync " + blobId.substring(0, 2) + " rows=0", "committed");
        assertThat(rowsOf(inbox)).isEqualTo(1);
        assertThat(stored).extracting(StoredMessage::blobId).containsExactly(blobId);
    }

    @Test
    void nothingCommitsWhenTheBlobsNameCannotBeMadeDurable() throws Exception {
        long inbox = open();
        String blobId = blobs.put(new byte[] {1, 2, 3});
        failSync.set(true);

        assertThatThrownBy(() -> messages.append(List.of(row(inbox, blobId))).get())
                .isInstanceOf(ExecutionException.class).hasMessageContaining("cannot make the blobs durable");

        assertThat(rowsOf(inbox)).isZero();
        failSync.set(false);
        messages.append(List.of(row(inbox, blobs.put(new byte[] {4})))).get();
        assertThat(events).as("the directory whose sync failed is synced again")
                .contains("sync " + blobId.substring(0, 2) + " rows=0");
    }

    @Test
    void manyBlobsOfOneCommitSyncTheirDirectoryOnce() throws Exception {
        long inbox = open();
        List<NewMessage> rows = new java.util.ArrayList<>();
        for (int i = 0; i < 20; i++) {
            rows.add(row(inbox, blobs.put(new byte[] {(byte) i})));
        }
        events.clear();

        messages.append(rows).get();

        assertThat(events).containsExactly("sync " + rows.getFirst().blobId().substring(0, 2) + " rows=0", "committed");
    }

    /** A store over one database whose barrier is the blob store, recording each sync and commit. */
    private long open() throws IOException {
        InstantSource oneSecond = InstantSource.fixed(Instant.parse("2026-11-29T00:00:00Z"));
        Path root = dir.resolve("blobs");
        blobs = new FileBlobStore(root, oneSecond, directory -> {
            if (failSync.get()) {
                throw new IOException("disk on fire");
            }
            if (!directory.equals(root)) {
                events.add("sync " + directory.getFileName() + " rows=" + allRows());
            }
        });
        database.set(Database.openSqlite(dir.resolve("coffer.db"), blobs::syncNames));
        messages = new MessageStore(database.get());
        messages.addListener(appended -> events.add("committed"));
        Domain domain = new DomainStore(database.get()).add("example.org");
        Account account = new AccountStore(database.get()).create(domain.id(), "alice@example.org",
                new Account.Credentials("c2FsdA==", 65536, 3, 1, "sha256$x$y"), "public key", "secret key", "FP",
                StoreFixture.MAILBOXES);
        return new MailboxStore(database.get()).find(account.id(), "INBOX").orElseThrow().id();
    }

    private long rowsOf(long mailboxId) {
        return messages.list(mailboxId).size();
    }

    /** Counted on a reader: what is committed, as another session would see it. */
    private long allRows() {
        return database.get().read(connection -> {
            try (PreparedStatement count = connection.prepareStatement("SELECT COUNT(*) FROM messages");
                 ResultSet row = count.executeQuery()) {
                row.next();
                return row.getLong(1);
            }
        });
    }

    private static NewMessage row(long mailboxId, String blobId) {
        return new NewMessage(mailboxId, blobId, 3, Instant.now(), Set.of(), false,
                new TopLevelHeaders("bob@example.net", "alice@example.org", null, null, "<m@test>", null, null));
    }
}
