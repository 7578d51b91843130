package dev.coffer.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Mailboxes, with the UID and MODSEQ counters that appends advance. */
public final class MailboxStore {

    private static final String COLUMNS = "id, account_id, name, special_use, uid_validity, uid_next, highest_modseq";

    private final Database database;

    public MailboxStore(Database database) {
        this.database = database;
    }

    static void insert(Connection connection, long accountId, List<MailboxSpec> mailboxes, Instant now)
            throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO mailboxes (account_id, name, special_use, uid_validity, uid_next, highest_modseq)"
                        + " VALUES (?, ?, ?, ?, 1, 1)")) {
            for (MailboxSpec mailbox : mailboxes) {
                insert.setLong(1, accountId);
                insert.setString(2, mailbox.name());
                insert.setString(3, mailbox.specialUse());
                insert.setLong(4, now.getEpochSecond());
                insert.addBatch();
            }
            insert.executeBatch();
        }
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

    private static Mailbox mailbox(ResultSet row) throws SQLException {
        return new Mailbox(row.getLong("id"), row.getLong("account_id"), row.getString("name"),
                row.getString("special_use"), row.getLong("uid_validity"), row.getLong("uid_next"),
                row.getLong("highest_modseq"));
    }
}
