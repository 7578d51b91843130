package dev.coffer.store;

import java.sql.PreparedStatement;
import java.time.Instant;

/** Sign-up invite codes, kept as hashes; each can be redeemed once before it expires. */
public final class InviteStore {

    private final Database database;

    public InviteStore(Database database) {
        this.database = database;
    }

    public void add(String codeHash, Instant createdAt, Instant expiresAt) {
        database.write(connection -> {
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO invite_codes (code_hash, created_at, expires_at) VALUES (?, ?, ?)")) {
                insert.setString(1, codeHash);
                insert.setLong(2, createdAt.toEpochMilli());
                insert.setLong(3, expiresAt.toEpochMilli());
                return insert.executeUpdate();
            }
        });
    }

    /** Marks the code used if it exists, is unused and has not expired; atomically, so it serves once. */
    public boolean redeem(String codeHash, Instant now) {
        return database.write(connection -> {
            try (PreparedStatement update = connection.prepareStatement(
                    "UPDATE invite_codes SET used_at = ? WHERE code_hash = ? AND used_at IS NULL AND expires_at > ?")) {
                update.setLong(1, now.toEpochMilli());
                update.setString(2, codeHash);
                update.setLong(3, now.toEpochMilli());
                return update.executeUpdate() == 1;
            }
        });
    }
}
