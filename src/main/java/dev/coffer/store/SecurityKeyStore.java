package dev.coffer.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** WebAuthn credentials of accounts: credential ids, public keys and signature counters. */
public final class SecurityKeyStore {

    /**
     * One registered credential.
     *
     * @param credentialId           base64url of the credential id
     * @param attestedCredentialData base64 of the WebAuthn attested credential data (AAGUID, id, COSE public key)
     */
    public record SecurityKey(long id, long accountId, String credentialId, String name, String attestedCredentialData,
                              long signCount, boolean uvInitialized, boolean backupEligible, boolean backupState,
                              Instant createdAt, Instant lastUsedAt) {}

    private static final String COLUMNS = "id, account_id, credential_id, name, attested_credential_data, sign_count,"
            + " uv_initialized, backup_eligible, backup_state, created_at, last_used_at";

    private final Database database;

    public SecurityKeyStore(Database database) {
        this.database = database;
    }

    public void add(SecurityKey key) {
        database.write(connection -> {
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO security_keys (account_id, credential_id, name, attested_credential_data, sign_count,"
                            + " uv_initialized, backup_eligible, backup_state, created_at)"
                            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                insert.setLong(1, key.accountId());
                insert.setString(2, key.credentialId());
                insert.setString(3, key.name());
                insert.setString(4, key.attestedCredentialData());
                insert.setLong(5, key.signCount());
                insert.setBoolean(6, key.uvInitialized());
                insert.setBoolean(7, key.backupEligible());
                insert.setBoolean(8, key.backupState());
                insert.setLong(9, key.createdAt().toEpochMilli());
                return insert.executeUpdate();
            }
        });
    }

    public List<SecurityKey> list(long accountId) {
        return database.read(connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT " + COLUMNS + " FROM security_keys WHERE account_id = ? ORDER BY created_at")) {
                select.setLong(1, accountId);
                try (ResultSet rows = select.executeQuery()) {
                    List<SecurityKey> keys = new ArrayList<>();
                    while (rows.next()) {
                        keys.add(key(rows));
                    }
                    return keys;
                }
            }
        });
    }

    public Optional<SecurityKey> find(long accountId, String credentialId) {
        return list(accountId).stream().filter(key -> key.credentialId().equals(credentialId)).findFirst();
    }

    /** Records a successful assertion: the authenticator's new signature counter and the time. */
    public void used(long id, long signCount, boolean backupState, Instant when) {
        database.write(connection -> {
            try (PreparedStatement update = connection.prepareStatement(
                    "UPDATE security_keys SET sign_count = ?, backup_state = ?, last_used_at = ? WHERE id = ?")) {
                update.setLong(1, signCount);
                update.setBoolean(2, backupState);
                update.setLong(3, when.toEpochMilli());
                update.setLong(4, id);
                return update.executeUpdate();
            }
        });
    }

    public boolean delete(long accountId, String name) {
        return database.write(connection -> {
            try (PreparedStatement delete = connection.prepareStatement(
                    "DELETE FROM security_keys WHERE account_id = ? AND name = ?")) {
                delete.setLong(1, accountId);
                delete.setString(2, name);
                return delete.executeUpdate() > 0;
            }
        });
    }

    private static SecurityKey key(ResultSet row) throws SQLException {
        long lastUsed = row.getLong("last_used_at");
        Instant lastUsedAt = row.wasNull() ? null : Instant.ofEpochMilli(lastUsed);
        return new SecurityKey(row.getLong("id"), row.getLong("account_id"), row.getString("credential_id"),
                row.getString("name"), row.getString("attested_credential_data"), row.getLong("sign_count"),
                row.getBoolean("uv_initialized"), row.getBoolean("backup_eligible"), row.getBoolean("backup_state"),
                Instant.ofEpochMilli(row.getLong("created_at")), lastUsedAt);
    }
}
