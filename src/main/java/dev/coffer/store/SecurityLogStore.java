package dev.coffer.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The account's security log: what happened to its logins and factors, for the user to read. */
public final class SecurityLogStore {

    /** One entry; {@code detail} never holds a client address unless the operator enabled IP logging. */
    public record Entry(Instant at, String event, String detail) {}

    private static final int KEEP_PER_ACCOUNT = 500;

    private final Database database;

    public SecurityLogStore(Database database) {
        this.database = database;
    }

    /** Adds an entry and trims the account's log to its newest {@value #KEEP_PER_ACCOUNT} entries. */
    public void add(long accountId, Instant at, String event, String detail) {
        database.write(connection -> {
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO security_log (account_id, at, event, detail) VALUES (?, ?, ?, ?)");
                 PreparedStatement trim = connection.prepareStatement(
                         "DELETE FROM security_log WHERE account_id = ? AND id NOT IN"
                                 + " (SELECT id FROM security_log WHERE account_id = ? ORDER BY id DESC LIMIT ?)")) {
                insert.setLong(1, accountId);
                insert.setLong(2, at.toEpochMilli());
                insert.setString(3, event);
                insert.setString(4, detail);
                insert.executeUpdate();
                trim.setLong(1, accountId);
                trim.setLong(2, accountId);
                trim.setInt(3, KEEP_PER_ACCOUNT);
                return trim.executeUpdate();
            }
        });
    }

    /** The newest entries first. */
    public List<Entry> recent(long accountId, int limit) {
        return database.read(connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT at, event, detail FROM security_log WHERE account_id = ? ORDER BY id DESC LIMIT ?")) {
                select.setLong(1, accountId);
                select.setInt(2, limit);
                try (ResultSet rows = select.executeQuery()) {
                    List<Entry> entries = new ArrayList<>();
                    while (rows.next()) {
                        entries.add(new Entry(Instant.ofEpochMilli(rows.getLong(1)), rows.getString(2), rows.getString(3)));
                    }
                    return entries;
                }
            }
        });
    }
}
