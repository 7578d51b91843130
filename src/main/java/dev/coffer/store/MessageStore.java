package dev.coffer.store;

import dev.coffer.mail.TopLevelHeaders;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Message rows. Appends go through a {@link GroupCommit}: concurrent deliveries share one
 * transaction and one fsync, and each caller's future completes only after that commit.
 */
public final class MessageStore implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(MessageStore.class);

    private static final String COLUMNS = "id, mailbox_id, uid, modseq, blob_id, size, internal_date, flags,"
            + " kept_as_received, from_header, to_header, cc_header, date_header, message_id, in_reply_to,"
            + " references_header";

    private final Database database;
    private final GroupCommit<List<NewMessage>, List<StoredMessage>> commits;
    private final List<MailboxListener> listeners = new CopyOnWriteArrayList<>();

    public MessageStore(Database database) {
        this.database = database;
        this.commits = new GroupCommit<>(database, MessageStore::insertAll, this::notifyListeners);
    }

    /**
     * Appends messages (all or none) and completes once they are committed durably.
     * Each message gets the next UID and MODSEQ of its mailbox in the same transaction.
     */
    public CompletableFuture<List<StoredMessage>> append(List<NewMessage> messages) {
        return commits.submit(List.copyOf(messages));
    }

    public void addListener(MailboxListener listener) {
        listeners.add(listener);
    }

    public List<StoredMessage> list(long mailboxId) {
        return database.read(connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT " + COLUMNS + " FROM messages WHERE mailbox_id = ? ORDER BY uid")) {
                select.setLong(1, mailboxId);
                return messages(select);
            }
        });
    }

    /** Messages whose MODSEQ is above {@code modseq}, in UID order. */
    public List<StoredMessage> changedSince(long mailboxId, long modseq) {
        return database.read(connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT " + COLUMNS + " FROM messages WHERE mailbox_id = ? AND modseq > ? ORDER BY uid")) {
                select.setLong(1, mailboxId);
                select.setLong(2, modseq);
                return messages(select);
            }
        });
    }

    /** UIDs expunged with a MODSEQ above {@code modseq}, ascending. */
    public List<Long> expungedSince(long mailboxId, long modseq) {
        return database.read(connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT uid FROM expunged_messages WHERE mailbox_id = ? AND modseq > ? ORDER BY uid")) {
                select.setLong(1, mailboxId);
                select.setLong(2, modseq);
                try (ResultSet rows = select.executeQuery()) {
                    List<Long> uids = new ArrayList<>();
                    while (rows.next()) {
                        uids.add(rows.getLong(1));
                    }
                    return uids;
                }
            }
        });
    }

    /**
     * Blob ids of the messages expunged with a MODSEQ above {@code modseq}; a null entry stands
     * for a message expunged before tombstones kept blob ids.
     */
    public List<String> expungedBlobIdsSince(long mailboxId, long modseq) {
        return database.read(connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT blob_id FROM expunged_messages WHERE mailbox_id = ? AND modseq > ? ORDER BY uid")) {
                select.setLong(1, mailboxId);
                select.setLong(2, modseq);
                try (ResultSet rows = select.executeQuery()) {
                    List<String> blobIds = new ArrayList<>();
                    while (rows.next()) {
                        blobIds.add(rows.getString(1));
                    }
                    return blobIds;
                }
            }
        });
    }

    public MailboxCounts counts(long mailboxId) {
        return database.read(connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT COUNT(*), COALESCE(SUM(size), 0),"
                            + " COALESCE(SUM(CASE WHEN (' ' || flags || ' ') LIKE '% \\Seen %' ESCAPE '!' THEN 0 ELSE 1 END), 0),"
                            + " COALESCE(SUM(CASE WHEN (' ' || flags || ' ') LIKE '% \\Deleted %' ESCAPE '!' THEN 1 ELSE 0 END), 0)"
                            + " FROM messages WHERE mailbox_id = ?")) {
                select.setLong(1, mailboxId);
                try (ResultSet row = select.executeQuery()) {
                    row.next();
                    return new MailboxCounts(row.getLong(1), row.getLong(3), row.getLong(4), row.getLong(2));
                }
            }
        });
    }

    /** Octets stored for all mailboxes of an account. */
    public long usage(long accountId) {
        return database.read(connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT COALESCE(SUM(m.size), 0) FROM messages m JOIN mailboxes b ON m.mailbox_id = b.id"
                            + " WHERE b.account_id = ?")) {
                select.setLong(1, accountId);
                try (ResultSet row = select.executeQuery()) {
                    row.next();
                    return row.getLong(1);
                }
            }
        });
    }

    /**
     * Changes flags of the given messages in one transaction. Messages whose flags change
     * get the mailbox's next MODSEQ; with {@code unchangedSince}, messages with a higher
     * MODSEQ are left alone (RFC 7162 §3.1.3).
     */
    public FlagChangeResult changeFlags(long mailboxId, Collection<Long> uids, FlagChange change,
                                        OptionalLong unchangedSince) {
        FlagChangeResult result = database.write(connection -> {
            List<StoredMessage> current = byUids(connection, mailboxId, uids);
            List<StoredMessage> after = new ArrayList<>();
            List<StoredMessage> changed = new ArrayList<>();
            List<Long> notModified = new ArrayList<>();
            long modseq = 0;
            try (PreparedStatement update = connection.prepareStatement(
                    "UPDATE messages SET flags = ?, modseq = ? WHERE id = ?")) {
                for (StoredMessage message : current) {
                    if (unchangedSince.isPresent() && message.modseq() > unchangedSince.getAsLong()) {
                        notModified.add(message.uid());
                        continue;
                    }
                    Set<String> flags = Set.copyOf(change.apply(message.flags()));
                    if (flags.equals(message.flags())) {
                        after.add(message);
                        continue;
                    }
                    if (modseq == 0) {
                        modseq = nextModseq(connection, mailboxId);
                    }
                    update.setString(1, String.join(" ", new TreeSet<>(flags)));
                    update.setLong(2, modseq);
                    update.setLong(3, message.id());
                    update.executeUpdate();
                    StoredMessage updated = message.withFlags(flags, modseq);
                    after.add(updated);
                    changed.add(updated);
                }
            }
            return new FlagChangeResult(after, notModified, changed);
        });
        return result;
    }

    /** Removes the messages flagged \Deleted (only those among {@code uids} when given). */
    public ExpungeResult expunge(long mailboxId, Optional<Collection<Long>> uids) {
        return database.write(connection -> {
            List<StoredMessage> candidates = uids.isPresent()
                    ? byUids(connection, mailboxId, uids.get()) : all(connection, mailboxId);
            List<StoredMessage> doomed = candidates.stream()
                    .filter(message -> message.flags().contains("\\Deleted")).toList();
            return remove(connection, mailboxId, doomed);
        });
    }

    /**
     * Copies (or, with {@code move}, moves) messages to another mailbox in one transaction.
     * Copies share the source's blob: blobs are immutable and deleted with their last message.
     */
    public CopyOutcome copy(long sourceMailboxId, Collection<Long> uids, long targetMailboxId, boolean move) {
        CopyOutcome outcome = database.write(connection -> {
            List<StoredMessage> sources = byUids(connection, sourceMailboxId, uids);
            List<NewMessage> copies = sources.stream()
                    .map(source -> new NewMessage(targetMailboxId, source.blobId(), source.size(),
                            source.internalDate(), source.flags(), source.keptAsReceived(), source.headers()))
                    .toList();
            List<StoredMessage> created = insertAll(connection, copies);
            ExpungeResult removed = move ? remove(connection, sourceMailboxId, sources) : null;
            long uidValidity = MailboxStore.byId(connection, targetMailboxId).orElseThrow().uidValidity();
            return new CopyOutcome(uidValidity, sources.stream().map(StoredMessage::uid).toList(), created, removed);
        });
        notifyListeners(outcome.created());
        return outcome;
    }

    /** Of these blob ids, those no message row refers to any more. */
    static List<String> unreferenced(Connection connection, Collection<String> blobIds) throws SQLException {
        List<String> orphans = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT COUNT(*) FROM messages WHERE blob_id = ?")) {
            for (String blobId : blobIds) {
                select.setString(1, blobId);
                try (ResultSet row = select.executeQuery()) {
                    row.next();
                    if (row.getLong(1) == 0) {
                        orphans.add(blobId);
                    }
                }
            }
        }
        return orphans;
    }

    private static ExpungeResult remove(Connection connection, long mailboxId, List<StoredMessage> doomed)
            throws SQLException {
        if (doomed.isEmpty()) {
            return new ExpungeResult(List.of(), 0, List.of());
        }
        long modseq = nextModseq(connection, mailboxId);
        try (PreparedStatement delete = connection.prepareStatement("DELETE FROM messages WHERE id = ?");
             PreparedStatement record = connection.prepareStatement(
                     "INSERT INTO expunged_messages (mailbox_id, uid, modseq, blob_id) VALUES (?, ?, ?, ?)")) {
            for (StoredMessage message : doomed) {
                delete.setLong(1, message.id());
                delete.addBatch();
                record.setLong(1, mailboxId);
                record.setLong(2, message.uid());
                record.setLong(3, modseq);
                record.setString(4, message.blobId());
                record.addBatch();
            }
            delete.executeBatch();
            record.executeBatch();
        }
        List<Long> uids = doomed.stream().map(StoredMessage::uid).sorted().toList();
        List<String> orphans = unreferenced(connection,
                doomed.stream().map(StoredMessage::blobId).distinct().toList());
        return new ExpungeResult(uids, modseq, orphans);
    }

    private static long nextModseq(Connection connection, long mailboxId) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement(
                "UPDATE mailboxes SET highest_modseq = highest_modseq + 1 WHERE id = ? RETURNING highest_modseq")) {
            update.setLong(1, mailboxId);
            try (ResultSet row = update.executeQuery()) {
                if (!row.next()) {
                    throw new SQLException("mailbox " + mailboxId + " does not exist");
                }
                return row.getLong(1);
            }
        }
    }

    private static List<StoredMessage> all(Connection connection, long mailboxId) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT " + COLUMNS + " FROM messages WHERE mailbox_id = ? ORDER BY uid")) {
            select.setLong(1, mailboxId);
            return messages(select);
        }
    }

    private static List<StoredMessage> byUids(Connection connection, long mailboxId, Collection<Long> uids)
            throws SQLException {
        List<StoredMessage> found = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT " + COLUMNS + " FROM messages WHERE mailbox_id = ? AND uid = ?")) {
            for (long uid : new TreeSet<>(uids)) {
                select.setLong(1, mailboxId);
                select.setLong(2, uid);
                found.addAll(messages(select));
            }
        }
        return found;
    }

    private static List<StoredMessage> messages(PreparedStatement select) throws SQLException {
        try (ResultSet rows = select.executeQuery()) {
            List<StoredMessage> messages = new ArrayList<>();
            while (rows.next()) {
                messages.add(message(rows));
            }
            return messages;
        }
    }

    private static List<StoredMessage> insertAll(Connection connection, List<NewMessage> messages)
            throws SQLException {
        List<StoredMessage> stored = new ArrayList<>(messages.size());
        try (PreparedStatement allocate = connection.prepareStatement(
                "UPDATE mailboxes SET uid_next = uid_next + 1, highest_modseq = highest_modseq + 1"
                        + " WHERE id = ? RETURNING uid_next - 1, highest_modseq");
             PreparedStatement insert = connection.prepareStatement(
                     "INSERT INTO messages (mailbox_id, uid, modseq, blob_id, size, internal_date, flags,"
                             + " kept_as_received, from_header, to_header, cc_header, date_header, message_id,"
                             + " in_reply_to, references_header) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                             + " RETURNING id")) {
            for (NewMessage message : messages) {
                long uid;
                long modseq;
                allocate.setLong(1, message.mailboxId());
                try (ResultSet row = allocate.executeQuery()) {
                    if (!row.next()) {
                        throw new SQLException("mailbox " + message.mailboxId() + " does not exist");
                    }
                    uid = row.getLong(1);
                    modseq = row.getLong(2);
                }
                TopLevelHeaders headers = message.headers();
                insert.setLong(1, message.mailboxId());
                insert.setLong(2, uid);
                insert.setLong(3, modseq);
                insert.setString(4, message.blobId());
                insert.setLong(5, message.size());
                insert.setLong(6, message.internalDate().toEpochMilli());
                insert.setString(7, String.join(" ", new TreeSet<>(message.flags())));
                insert.setBoolean(8, message.keptAsReceived());
                insert.setString(9, headers.from());
                insert.setString(10, headers.to());
                insert.setString(11, headers.cc());
                insert.setString(12, headers.date());
                insert.setString(13, headers.messageId());
                insert.setString(14, headers.inReplyTo());
                insert.setString(15, headers.references());
                long id;
                try (ResultSet row = insert.executeQuery()) {
                    row.next();
                    id = row.getLong(1);
                }
                stored.add(new StoredMessage(id, message.mailboxId(), uid, modseq, message.blobId(), message.size(),
                        message.internalDate(), Set.copyOf(message.flags()), message.keptAsReceived(), headers));
            }
        }
        return stored;
    }

    private void notifyListeners(List<StoredMessage> messages) {
        for (MailboxListener listener : listeners) {
            try {
                listener.appended(messages);
            } catch (RuntimeException e) {
                LOG.warn("event=listener-failed listener={} error=\"{}\"", listener.getClass().getName(), e.getMessage());
            }
        }
    }

    private static StoredMessage message(ResultSet row) throws SQLException {
        String flags = row.getString("flags");
        return new StoredMessage(
                row.getLong("id"),
                row.getLong("mailbox_id"),
                row.getLong("uid"),
                row.getLong("modseq"),
                row.getString("blob_id"),
                row.getLong("size"),
                Instant.ofEpochMilli(row.getLong("internal_date")),
                flags.isEmpty() ? Set.of() : Set.copyOf(Arrays.asList(flags.split(" "))),
                row.getBoolean("kept_as_received"),
                new TopLevelHeaders(
                        row.getString("from_header"),
                        row.getString("to_header"),
                        row.getString("cc_header"),
                        row.getString("date_header"),
                        row.getString("message_id"),
                        row.getString("in_reply_to"),
                        row.getString("references_header")));
    }

    @Override
    public void close() {
        commits.close();
    }
}
