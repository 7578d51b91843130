package dev.coffer.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The rows of users' Sieve scripts; names are unique per account. Knows nothing of Sieve itself. */
public final class SieveScriptStore {

    private static final String COLUMNS = "id, account_id, name, content, active, updated_at";

    /** At most this many accounts' active scripts are kept, each at most the script size limit (64 KiB by default). */
    private static final int CACHED_ACCOUNTS = 1_000;

    private final Database database;
    /**
     * Each account's active script, read at every delivery. Invalidated by
     * {@link ChangeCounters.Topic#SIEVE_SCRIPTS}, which {@link #put}, {@link #activate}, {@link #rename},
     * {@link #delete} and the deletion of an account move on.
     */
    private final ReadCache<Long, Optional<SieveScriptRow>> active;

    public SieveScriptStore(Database database) {
        this.database = database;
        this.active = new ReadCache<>(database.changes(), ChangeCounters.Topic.SIEVE_SCRIPTS, CACHED_ACCOUNTS);
    }

    public List<SieveScriptRow> list(long accountId) {
        return database.read(connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT " + COLUMNS + " FROM sieve_scripts WHERE account_id = ? ORDER BY name")) {
                select.setLong(1, accountId);
                return rows(select);
            }
        });
    }

    public Optional<SieveScriptRow> find(long accountId, String name) {
        return database.read(connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT " + COLUMNS + " FROM sieve_scripts WHERE account_id = ? AND name = ?")) {
                select.setLong(1, accountId);
                select.setString(2, name);
                return rows(select).stream().findFirst();
            }
        });
    }

    /** The account's active script, if any; served from a cache (see {@link #active}). */
    public Optional<SieveScriptRow> active(long accountId) {
        return active.get(accountId, account -> database.read(connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT " + COLUMNS + " FROM sieve_scripts WHERE account_id = ? AND active")) {
                select.setLong(1, account);
                return rows(select).stream().findFirst();
            }
        }));
    }

    /**
     * Creates or replaces the script of this name, unless that would make the account hold
     * more than {@code maxScripts}; returns false then. Replacing keeps the script active if it was.
     */
    public boolean put(long accountId, String name, String content, int maxScripts, Instant now) {
        return database.write(connection -> {
            try (PreparedStatement update = connection.prepareStatement(
                    "UPDATE sieve_scripts SET content = ?, updated_at = ? WHERE account_id = ? AND name = ?")) {
                update.setString(1, content);
                update.setLong(2, now.toEpochMilli());
                update.setLong(3, accountId);
                update.setString(4, name);
                if (update.executeUpdate() > 0) {
                    return true;
                }
            }
            if (count(connection, accountId) >= maxScripts) {
                return false;
            }
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO sieve_scripts (account_id, name, content, active, updated_at) VALUES (?, ?, ?, FALSE, ?)")) {
                insert.setLong(1, accountId);
                insert.setString(2, name);
                insert.setString(3, content);
                insert.setLong(4, now.toEpochMilli());
                insert.executeUpdate();
            }
            return true;
        }, ChangeCounters.Topic.SIEVE_SCRIPTS);
    }

    /** Makes this script the active one (the empty name: none); false when no script has that name. */
    public boolean activate(long accountId, String name) {
        return database.write(connection -> {
            if (!name.isEmpty() && !exists(connection, accountId, name)) {
                return false;
            }
            try (PreparedStatement clear = connection.prepareStatement(
                    "UPDATE sieve_scripts SET active = FALSE WHERE account_id = ? AND active")) {
                clear.setLong(1, accountId);
                clear.executeUpdate();
            }
            if (!name.isEmpty()) {
                try (PreparedStatement set = connection.prepareStatement(
                        "UPDATE sieve_scripts SET active = TRUE WHERE account_id = ? AND name = ?")) {
                    set.setLong(1, accountId);
                    set.setString(2, name);
                    set.executeUpdate();
                }
            }
            return true;
        }, ChangeCounters.Topic.SIEVE_SCRIPTS);
    }

    /** Renames a script; false when {@code from} does not exist or {@code to} already does. */
    public boolean rename(long accountId, String from, String to) {
        return database.write(connection -> {
            if (!exists(connection, accountId, from) || exists(connection, accountId, to)) {
                return false;
            }
            try (PreparedStatement update = connection.prepareStatement(
                    "UPDATE sieve_scripts SET name = ? WHERE account_id = ? AND name = ?")) {
                update.setString(1, to);
                update.setLong(2, accountId);
                update.setString(3, from);
                return update.executeUpdate() == 1;
            }
        }, ChangeCounters.Topic.SIEVE_SCRIPTS);
    }

    /** Deletes a script; returns whether one was deleted. */
    public boolean delete(long accountId, String name) {
        return database.write(connection -> {
            try (PreparedStatement delete = connection.prepareStatement(
                    "DELETE FROM sieve_scripts WHERE account_id = ? AND name = ?")) {
                delete.setLong(1, accountId);
                delete.setString(2, name);
                return delete.executeUpdate() == 1;
            }
        }, ChangeCounters.Topic.SIEVE_SCRIPTS);
    }

    private static boolean exists(Connection connection, long accountId, String name) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT 1 FROM sieve_scripts WHERE account_id = ? AND name = ?")) {
            select.setLong(1, accountId);
            select.setString(2, name);
            try (ResultSet row = select.executeQuery()) {
                return row.next();
            }
        }
    }

    private static int count(Connection connection, long accountId) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT COUNT(*) FROM sieve_scripts WHERE account_id = ?")) {
            select.setLong(1, accountId);
            try (ResultSet row = select.executeQuery()) {
                row.next();
                return row.getInt(1);
            }
        }
    }

    private static List<SieveScriptRow> rows(PreparedStatement select) throws SQLException {
        try (ResultSet rows = select.executeQuery()) {
            List<SieveScriptRow> scripts = new ArrayList<>();
            while (rows.next()) {
                scripts.add(new SieveScriptRow(rows.getLong("id"), rows.getLong("account_id"), rows.getString("name"),
                        rows.getString("content"), rows.getBoolean("active"), Instant.ofEpochMilli(rows.getLong("updated_at"))));
            }
            return scripts;
        }
    }
}
