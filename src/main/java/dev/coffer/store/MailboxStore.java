package dev.coffer.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/** Mailboxes, with the UID and MODSEQ counters that appends advance. */
public final class MailboxStore {

    private record Name(long accountId, String name) {

        // Written out: the generated equals and hashCode went through an invokedynamic that the JIT
        // left out of line in the cache's lookups (seen in JFR profiles of delivery).
        @Override
        public boolean equals(Object other) {
            return other instanceof Name that && that.accountId == accountId && that.name.equals(name);
        }

        @Override
        public int hashCode() {
            return 31 * Long.hashCode(accountId) + name.hashCode();
        }
    }

    private static final String COLUMNS =
            "id, account_id, name, special_use, uid_validity, uid_next, highest_modseq, subscribed";
    private static final String UID_VALIDITY_SEQUENCE = "uidvalidity";

    private static final int CACHED_NAMES = 10_000;

    private final Database database;
    /**
     * Mailbox ids by name, for delivery. Invalidated by {@link ChangeCounters.Topic#MAILBOX_NAMES}, which
     * {@link #create}, {@link #rename}, {@link #delete} and the creation and deletion of accounts move on;
     * a mailbox's id never changes while its name stays.
     */
    private final ReadCache<Name, OptionalLong> ids;

    public MailboxStore(Database database) {
        this.database = database;
        this.ids = new ReadCache<>(database.changes(), ChangeCounters.Topic.MAILBOX_NAMES, CACHED_NAMES);
    }

    static void insert(Connection connection, long accountId, List<MailboxSpec> mailboxes, Instant now)
            throws SQLException {
        for (MailboxSpec mailbox : mailboxes) {
            insertOne(connection, accountId, mailbox, now);
        }
    }

    /** Creates one mailbox; its UIDVALIDITY is new, even if a mailbox of that name existed before. */
    public Mailbox create(long accountId, MailboxSpec spec) {
        Instant now = Instant.ofEpochMilli(System.currentTimeMillis());
        return database.write(connection -> {
            long id = insertOne(connection, accountId, spec, now);
            return byId(connection, id).orElseThrow();
        }, ChangeCounters.Topic.MAILBOX_NAMES);
    }

    /** Renames a mailbox and every mailbox below it in the hierarchy ({@code name/…}). */
    public void rename(long accountId, String oldName, String newName, char delimiter) {
        database.write(connection -> {
            try (PreparedStatement update = connection.prepareStatement(
                    "UPDATE mailboxes SET name = ? || substr(name, ?) WHERE account_id = ? AND (name = ? OR"
                            + " substr(name, 1, ?) = ?)")) {
                update.setString(1, newName);
                update.setInt(2, oldName.length() + 1);
                update.setLong(3, accountId);
                update.setString(4, oldName);
                update.setInt(5, oldName.length() + 1);
                update.setString(6, oldName + delimiter);
                return update.executeUpdate();
            }
        }, ChangeCounters.Topic.MAILBOX_NAMES);
    }

    /** Deletes one mailbox with its messages; returns the blob ids no other message uses any more. */
    public List<String> delete(long mailboxId) {
        return database.write(connection -> {
            List<String> candidates = new ArrayList<>();
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT DISTINCT blob_id FROM messages WHERE mailbox_id = ?")) {
                select.setLong(1, mailboxId);
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        candidates.add(rows.getString(1));
                    }
                }
            }
            try (PreparedStatement delete = connection.prepareStatement("DELETE FROM mailboxes WHERE id = ?")) {
                delete.setLong(1, mailboxId);
                delete.executeUpdate();
            }
            return MessageStore.unreferenced(connection, candidates);
        }, ChangeCounters.Topic.MAILBOX_NAMES);
    }

    public void setSubscribed(long mailboxId, boolean subscribed) {
        database.write(connection -> {
            try (PreparedStatement update = connection.prepareStatement(
                    "UPDATE mailboxes SET subscribed = ? WHERE id = ?")) {
                update.setBoolean(1, subscribed);
                update.setLong(2, mailboxId);
                return update.executeUpdate();
            }
        });
    }

    public Optional<Mailbox> find(long accountId, String name) {
        return database.read(connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT " + COLUMNS + " FROM mailboxes WHERE account_id = ? AND name = ?")) {
                select.setLong(1, accountId);
                select.setString(2, name);
                try (ResultSet rows = select.executeQuery()) {
                    return rows.next() ? Optional.of(mailbox(rows)) : Optional.empty();
                }
            }
        });
    }

    /** The id of the account's mailbox of this name, if it has one; served from a cache (see {@link #ids}). */
    public OptionalLong idOf(long accountId, String name) {
        return ids.get(new Name(accountId, name), key -> database.read(connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT id FROM mailboxes WHERE account_id = ? AND name = ?")) {
                select.setLong(1, key.accountId());
                select.setString(2, key.name());
                try (ResultSet rows = select.executeQuery()) {
                    return rows.next() ? OptionalLong.of(rows.getLong(1)) : OptionalLong.empty();
                }
            }
        }));
    }

    public Optional<Mailbox> findById(long mailboxId) {
        return database.read(connection -> byId(connection, mailboxId));
    }

    public List<Mailbox> list(long accountId) {
        return database.read(connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT " + COLUMNS + " FROM mailboxes WHERE account_id = ? ORDER BY id")) {
                select.setLong(1, accountId);
                try (ResultSet rows = select.executeQuery()) {
                    List<Mailbox> mailboxes = new ArrayList<>();
                    while (rows.next()) {
                        mailboxes.add(mailbox(rows));
                    }
                    return mailboxes;
                }
            }
        });
    }

    static Optional<Mailbox> byId(Connection connection, long mailboxId) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT " + COLUMNS + " FROM mailboxes WHERE id = ?")) {
            select.setLong(1, mailboxId);
            try (ResultSet rows = select.executeQuery()) {
                return rows.next() ? Optional.of(mailbox(rows)) : Optional.empty();
            }
        }
    }

    private static long insertOne(Connection connection, long accountId, MailboxSpec mailbox, Instant now)
            throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO mailboxes (account_id, name, special_use, uid_validity, uid_next, highest_modseq)"
                        + " VALUES (?, ?, ?, ?, 1, 1) RETURNING id")) {
            insert.setLong(1, accountId);
            insert.setString(2, mailbox.name());
            insert.setString(3, mailbox.specialUse());
            insert.setLong(4, nextUidValidity(connection, now));
            try (ResultSet row = insert.executeQuery()) {
                row.next();
                return row.getLong(1);
            }
        }
    }

    /** RFC 9051 §2.3.1.1: a name's UIDVALIDITY must change when the mailbox is recreated. */
    private static long nextUidValidity(Connection connection, Instant now) throws SQLException {
        long last = 0;
        try (PreparedStatement select = connection.prepareStatement("SELECT value FROM sequences WHERE name = ?")) {
            select.setString(1, UID_VALIDITY_SEQUENCE);
            try (ResultSet row = select.executeQuery()) {
                if (row.next()) {
                    last = row.getLong(1);
                }
            }
        }
        long next = Math.max(now.getEpochSecond(), last + 1);
        try (PreparedStatement upsert = connection.prepareStatement(
                "INSERT INTO sequences (name, value) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET value = ?")) {
            upsert.setString(1, UID_VALIDITY_SEQUENCE);
            upsert.setLong(2, next);
            upsert.setLong(3, next);
            upsert.executeUpdate();
        }
        return next;
    }

    private static Mailbox mailbox(ResultSet row) throws SQLException {
        return new Mailbox(row.getLong("id"), row.getLong("account_id"), row.getString("name"),
                row.getString("special_use"), row.getLong("uid_validity"), row.getLong("uid_next"),
                row.getLong("highest_modseq"), row.getBoolean("subscribed"));
    }
}
