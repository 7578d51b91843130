package dev.coffer.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
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
                try (ResultSet rows = select.executeQuery()) {
                    List<StoredMessage> messages = new ArrayList<>();
                    while (rows.next()) {
                        messages.add(message(rows));
                    }
                    return messages;
                }
            }
        });
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
                NewMessage.OuterHeaders headers = message.headers();
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
                new NewMessage.OuterHeaders(
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
