package dev.coffer.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** App passwords: named, scoped, stored as verifiers only. */
public final class AppPasswordStore {

    private final Database database;

    public AppPasswordStore(Database database) {
        this.database = database;
    }

    public AppPassword add(long accountId, String name, String verifier, Set<String> scopes) {
        Instant now = Instant.ofEpochMilli(System.currentTimeMillis());
        String scopeList = String.join(",", new TreeSet<>(scopes));
        return database.write(connection -> {
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO app_passwords (account_id, name, verifier, scopes, created_at) VALUES (?, ?, ?, ?, ?)"
                            + " RETURNING id")) {
                insert.setLong(1, accountId);
                insert.setString(2, name);
                insert.setString(3, verifier);
                insert.setString(4, scopeList);
                insert.setLong(5, now.toEpochMilli());
                try (ResultSet row = insert.executeQuery()) {
                    row.next();
                    return new AppPassword(row.getLong(1), accountId, name, verifier, Set.copyOf(scopes), now, null);
                }
            }
        });
    }

    public List<AppPassword> list(long accountId) {
        return database.read(connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT id, account_id, name, verifier, scopes, created_at, last_used_at FROM app_passwords"
                            + " WHERE account_id = ? ORDER BY name")) {
                select.setLong(1, accountId);
                try (ResultSet rows = select.executeQuery()) {
                    List<AppPassword> passwords = new ArrayList<>();
                    while (rows.next()) {
                        passwords.add(appPassword(rows));
                    }
                    return passwords;
                }
            }
        });
    }

    /** Revokes by name; returns false when the account has no app password of that name. */
    public boolean revoke(long accountId, String name) {
        return database.write(connection -> {
            try (PreparedStatement delete = connection.prepareStatement(
                    "DELETE FROM app_passwords WHERE account_id = ? AND name = ?")) {
                delete.setLong(1, accountId);
                delete.setString(2, name);
                return delete.executeUpdate() > 0;
            }
        });
    }

    public void markUsed(long id, Instant when) {
        database.write(connection -> {
            try (PreparedStatement update = connection.prepareStatement(
                    "UPDATE app_passwords SET last_used_at = ? WHERE id = ?")) {
                update.setLong(1, when.toEpochMilli());
                update.setLong(2, id);
                return update.executeUpdate();
            }
        });
    }

    private static AppPassword appPassword(ResultSet row) throws SQLException {
        long lastUsed = row.getLong("last_used_at");
        Instant lastUsedAt = row.wasNull() ? null : Instant.ofEpochMilli(lastUsed);
        Set<String> scopes = Set.copyOf(Arrays.asList(row.getString("scopes").split(",")));
        return new AppPassword(row.getLong("id"), row.getLong("account_id"), row.getString("name"),
                row.getString("verifier"), scopes, Instant.ofEpochMilli(row.getLong("created_at")), lastUsedAt);
    }
}
