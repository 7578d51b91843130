package dev.coffer.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Web login sessions. Only a hash of each token is kept, so the table alone opens no session. */
public final class WebSessionStore {

    /** One session as stored. */
    public record WebSession(long id, long accountId, String csrfToken, String description, Instant createdAt,
                             Instant lastSeenAt) {}

    private static final String COLUMNS = "id, account_id, csrf_token, description, created_at, last_seen_at";

    private final Database database;

    public WebSessionStore(Database database) {
        this.database = database;
    }

    public WebSession create(long accountId, String tokenHash, String csrfToken, String description, Instant now) {
        return database.write(connection -> {
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO web_sessions (account_id, token_hash, csrf_token, description, created_at,"
                            + " last_seen_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING id")) {
                insert.setLong(1, accountId);
                insert.setString(2, tokenHash);
                insert.setString(3, csrfToken);
                insert.setString(4, description);
                insert.setLong(5, now.toEpochMilli());
                insert.setLong(6, now.toEpochMilli());
                try (ResultSet row = insert.executeQuery()) {
                    row.next();
                    return new WebSession(row.getLong(1), accountId, csrfToken, description, now, now);
                }
            }
        });
    }

    public Optional<WebSession> findByTokenHash(String tokenHash) {
        return database.read(connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT " + COLUMNS + " FROM web_sessions WHERE token_hash = ?")) {
                select.setString(1, tokenHash);
                try (ResultSet row = select.executeQuery()) {
                    return row.next() ? Optional.of(session(row)) : Optional.empty();
                }
            }
        });
    }

    public List<WebSession> list(long accountId) {
        return database.read(connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT " + COLUMNS + " FROM web_sessions WHERE account_id = ? ORDER BY created_at")) {
                select.setLong(1, accountId);
                try (ResultSet rows = select.executeQuery()) {
                    List<WebSession> sessions = new ArrayList<>();
                    while (rows.next()) {
                        sessions.add(session(rows));
                    }
                    return sessions;
                }
            }
        });
    }

    public void touch(long id, Instant now) {
        database.write(connection -> {
            try (PreparedStatement update = connection.prepareStatement(
                    "UPDATE web_sessions SET last_seen_at = ? WHERE id = ?")) {
                update.setLong(1, now.toEpochMilli());
                update.setLong(2, id);
                return update.executeUpdate();
            }
        });
    }

    /** Deletes one of the account's sessions; false when it has no such session. */
    public boolean delete(long accountId, long id) {
        return database.write(connection -> {
            try (PreparedStatement delete = connection.prepareStatement(
                    "DELETE FROM web_sessions WHERE account_id = ? AND id = ?")) {
                delete.setLong(1, accountId);
                delete.setLong(2, id);
                return delete.executeUpdate() > 0;
            }
        });
    }

    /** Deletes every session of the account (password change, account lock). */
    public int deleteAll(long accountId) {
        return database.write(connection -> {
            try (PreparedStatement delete = connection.prepareStatement(
                    "DELETE FROM web_sessions WHERE account_id = ?")) {
                delete.setLong(1, accountId);
                return delete.executeUpdate();
            }
        });
    }

    private static WebSession session(ResultSet row) throws SQLException {
        return new WebSession(row.getLong("id"), row.getLong("account_id"), row.getString("csrf_token"),
                row.getString("description"), Instant.ofEpochMilli(row.getLong("created_at")),
                Instant.ofEpochMilli(row.getLong("last_seen_at")));
    }
}
