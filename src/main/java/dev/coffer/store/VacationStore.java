package dev.coffer.store;

import java.security.SecureRandom;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;

/**
 * Whom each account's vacation replies went to, and until when not to reply again
 * (RFC 5230 §4.1). Callers pass salted hashes of senders, never addresses; the salt is
 * random per account and kept here.
 */
public final class VacationStore {

    private static final int SALT_OCTETS = 32;

    private final Database database;
    private final SecureRandom random = new SecureRandom();

    public VacationStore(Database database) {
        this.database = database;
    }

    /** The account's salt, made on first use. */
    public byte[] salt(long accountId) {
        return database.write(connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT salt FROM vacation_salts WHERE account_id = ?")) {
                select.setLong(1, accountId);
                try (ResultSet row = select.executeQuery()) {
                    if (row.next()) {
                        return row.getBytes(1);
                    }
                }
            }
            byte[] salt = new byte[SALT_OCTETS];
            random.nextBytes(salt);
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO vacation_salts (account_id, salt) VALUES (?, ?)")) {
                insert.setLong(1, accountId);
                insert.setBytes(2, salt);
                insert.executeUpdate();
            }
            return salt;
        });
    }

    /**
     * Records a reply to {@code senderHash} valid until {@code until}, unless one is still
     * valid at {@code now}; returns whether to reply. Expired rows of the account go too.
     */
    public boolean claimReply(long accountId, String senderHash, Instant now, Instant until) {
        return database.write(connection -> {
            try (PreparedStatement expire = connection.prepareStatement(
                    "DELETE FROM vacation_replies WHERE account_id = ? AND expires_at <= ?")) {
                expire.setLong(1, accountId);
                expire.setLong(2, now.toEpochMilli());
                expire.executeUpdate();
            }
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO vacation_replies (account_id, sender_hash, expires_at) VALUES (?, ?, ?)"
                            + " ON CONFLICT (account_id, sender_hash) DO NOTHING")) {
                insert.setLong(1, accountId);
                insert.setString(2, senderHash);
                insert.setLong(3, until.toEpochMilli());
                return insert.executeUpdate() == 1;
            }
        });
    }
}
