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

/** Accounts and their credentials. Addresses are stored in lower case. */
public final class AccountStore {

    private static final String COLUMNS = "id, domain_id, address, kdf_salt, kdf_memory_kib, kdf_iterations,"
            + " kdf_parallelism, auth_verifier, public_key, secret_key, key_fingerprint, created_at, locked_at";

    private final Database database;

    public AccountStore(Database database) {
        this.database = database;
    }

    /** Creates the account and its mailboxes in one transaction. */
    public Account create(long domainId, String address, Account.Credentials credentials, String publicKey,
                          String secretKey, String keyFingerprint, List<MailboxSpec> mailboxes) {
        Instant now = Instant.ofEpochMilli(System.currentTimeMillis());
        return database.write(connection -> {
            long id;
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO accounts (domain_id, address, kdf_salt, kdf_memory_kib, kdf_iterations,"
                            + " kdf_parallelism, auth_verifier, public_key, secret_key, key_fingerprint, created_at)"
                            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id")) {
                insert.setLong(1, domainId);
                insert.setString(2, address);
                setCredentials(insert, 3, credentials);
                insert.setString(8, publicKey);
                insert.setString(9, secretKey);
                insert.setString(10, keyFingerprint);
                insert.setLong(11, now.toEpochMilli());
                try (ResultSet row = insert.executeQuery()) {
                    row.next();
                    id = row.getLong(1);
                }
            }
            MailboxStore.insert(connection, id, mailboxes, now);
            return new Account(id, domainId, address, credentials, publicKey, secretKey, keyFingerprint, now, null);
        }, ChangeCounters.Topic.DIRECTORY, ChangeCounters.Topic.MAILBOX_NAMES);
    }

    public Optional<Account> findByAddress(String address) {
        return database.read(connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT " + COLUMNS + " FROM accounts WHERE address = ?")) {
                select.setString(1, address);
                return first(select);
            }
        });
    }

    public Optional<Account> findById(long id) {
        return database.read(connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT " + COLUMNS + " FROM accounts WHERE id = ?")) {
                select.setLong(1, id);
                return first(select);
            }
        });
    }

    public List<Account> list() {
        return database.read(connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT " + COLUMNS + " FROM accounts ORDER BY address");
                 ResultSet rows = select.executeQuery()) {
                List<Account> accounts = new ArrayList<>();
                while (rows.next()) {
                    accounts.add(account(rows));
                }
                return accounts;
            }
        });
    }

    /** Replaces credentials and key material at once: a password change or a key reset. */
    public void replaceCredentials(long id, Account.Credentials credentials, String publicKey, String secretKey,
                                   String keyFingerprint) {
        database.write(connection -> {
            try (PreparedStatement update = connection.prepareStatement(
                    "UPDATE accounts SET kdf_salt = ?, kdf_memory_kib = ?, kdf_iterations = ?, kdf_parallelism = ?,"
                            + " auth_verifier = ?, public_key = ?, secret_key = ?, key_fingerprint = ? WHERE id = ?")) {
                setCredentials(update, 1, credentials);
                update.setString(6, publicKey);
                update.setString(7, secretKey);
                update.setString(8, keyFingerprint);
                update.setLong(9, id);
                return update.executeUpdate();
            }
        }, ChangeCounters.Topic.DIRECTORY);
    }

    /** Deletes the account with its mailboxes, messages, aliases and app passwords; returns its blob ids. */
    public List<String> delete(long id) {
        return database.write(connection -> {
            List<String> blobs = blobIds(connection, id);
            try (PreparedStatement delete = connection.prepareStatement("DELETE FROM accounts WHERE id = ?")) {
                delete.setLong(1, id);
                delete.executeUpdate();
            }
            return blobs;
        }, ChangeCounters.Topic.values());
    }

    /** Whether everything the account sends must go over verified TLS (RFC 8689 for all its mail). */
    public boolean requiresTls(long id) {
        return database.read(connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT require_tls FROM accounts WHERE id = ?")) {
                select.setLong(1, id);
                try (ResultSet row = select.executeQuery()) {
                    return row.next() && row.getBoolean(1);
                }
            }
        });
    }

    /** Whether the account may use the admin API. */
    public boolean isAdmin(long id) {
        return database.read(connection -> {
            try (PreparedStatement select = connection.prepareStatement("SELECT admin FROM accounts WHERE id = ?")) {
                select.setLong(1, id);
                try (ResultSet row = select.executeQuery()) {
                    return row.next() && row.getBoolean(1);
                }
            }
        });
    }

    public void setAdmin(long id, boolean admin) {
        database.write(connection -> {
            try (PreparedStatement update = connection.prepareStatement("UPDATE accounts SET admin = ? WHERE id = ?")) {
                update.setBoolean(1, admin);
                update.setLong(2, id);
                return update.executeUpdate();
            }
        });
    }

    public void setRequireTls(long id, boolean required) {
        database.write(connection -> {
            try (PreparedStatement update = connection.prepareStatement(
                    "UPDATE accounts SET require_tls = ? WHERE id = ?")) {
                update.setBoolean(1, required);
                update.setLong(2, id);
                return update.executeUpdate();
            }
        });
    }

    /** The account's storage limit in octets; empty when unlimited. */
    public OptionalLong quota(long id) {
        return database.read(connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT quota_octets FROM accounts WHERE id = ?")) {
                select.setLong(1, id);
                try (ResultSet row = select.executeQuery()) {
                    if (!row.next()) {
                        return OptionalLong.empty();
                    }
                    long quota = row.getLong(1);
                    return row.wasNull() ? OptionalLong.empty() : OptionalLong.of(quota);
                }
            }
        });
    }

    /** Sets (or, with an empty value, removes) the account's storage limit. */
    public void setQuota(long id, OptionalLong octets) {
        database.write(connection -> {
            try (PreparedStatement update = connection.prepareStatement(
                    "UPDATE accounts SET quota_octets = ? WHERE id = ?")) {
                if (octets.isPresent()) {
                    update.setLong(1, octets.getAsLong());
                } else {
                    update.setNull(1, java.sql.Types.BIGINT);
                }
                update.setLong(2, id);
                return update.executeUpdate();
            }
        });
    }

    private static Instant lockedAt(ResultSet row) throws SQLException {
        long locked = row.getLong("locked_at");
        return row.wasNull() ? null : Instant.ofEpochMilli(locked);
    }

    /** Locks the account for deletion (no logins, no mail) from {@code at}. */
    public void lock(long id, Instant at) {
        database.write(connection -> {
            try (PreparedStatement update = connection.prepareStatement(
                    "UPDATE accounts SET locked_at = ? WHERE id = ? AND locked_at IS NULL")) {
                update.setLong(1, at.toEpochMilli());
                update.setLong(2, id);
                return update.executeUpdate();
            }
        }, ChangeCounters.Topic.DIRECTORY);
    }

    /** Records a login; written at most once a day per account, so logins do not mean writes. */
    public void markActive(long id, Instant when) {
        database.write(connection -> {
            try (PreparedStatement update = connection.prepareStatement(
                    "UPDATE accounts SET last_active_at = ? WHERE id = ?"
                            + " AND (last_active_at IS NULL OR last_active_at < ?)")) {
                update.setLong(1, when.toEpochMilli());
                update.setLong(2, id);
                update.setLong(3, when.minus(java.time.Duration.ofDays(1)).toEpochMilli());
                return update.executeUpdate();
            }
        });
    }

    /** Unlocked accounts without a login (or, never logged in, created) before {@code cutoff}. */
    public List<Account> inactiveSince(Instant cutoff) {
        return database.read(connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT " + COLUMNS + " FROM accounts WHERE locked_at IS NULL"
                            + " AND COALESCE(last_active_at, created_at) < ?")) {
                select.setLong(1, cutoff.toEpochMilli());
                try (ResultSet rows = select.executeQuery()) {
                    List<Account> accounts = new ArrayList<>();
                    while (rows.next()) {
                        accounts.add(account(rows));
                    }
                    return accounts;
                }
            }
        });
    }

    /** Accounts locked at or before {@code cutoff}: their grace period is over. */
    public List<Account> lockedBefore(Instant cutoff) {
        return database.read(connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT " + COLUMNS + " FROM accounts WHERE locked_at IS NOT NULL AND locked_at <= ?")) {
                select.setLong(1, cutoff.toEpochMilli());
                try (ResultSet rows = select.executeQuery()) {
                    List<Account> accounts = new ArrayList<>();
                    while (rows.next()) {
                        accounts.add(account(rows));
                    }
                    return accounts;
                }
            }
        });
    }

    /**
     * Crypto-shredding: forgets the account's keys and its authKey verifier, and commits, before
     * any message is deleted, so that nothing left behind by a crash half-way can be opened.
     */
    public void shredKeys(long id) {
        database.write(connection -> {
            try (PreparedStatement update = connection.prepareStatement(
                    "UPDATE accounts SET secret_key = NULL, public_key = '', auth_verifier = '', recovery_secret_key = NULL,"
                            + " recovery_verifier = NULL WHERE id = ?")) {
                update.setLong(1, id);
                return update.executeUpdate();
            }
        }, ChangeCounters.Topic.DIRECTORY);
    }

    /** The recovery copy of an account's secret key, with the salt and verifier of the recovery phrase. */
    public record Recovery(String salt, String verifier, String secretKey) {}

    public void setRecovery(long id, Recovery recovery) {
        database.write(connection -> {
            try (PreparedStatement update = connection.prepareStatement(
                    "UPDATE accounts SET recovery_salt = ?, recovery_verifier = ?, recovery_secret_key = ? WHERE id = ?")) {
                update.setString(1, recovery.salt());
                update.setString(2, recovery.verifier());
                update.setString(3, recovery.secretKey());
                update.setLong(4, id);
                return update.executeUpdate();
            }
        });
    }

    public Optional<Recovery> recovery(long id) {
        return database.read(connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT recovery_salt, recovery_verifier, recovery_secret_key FROM accounts"
                            + " WHERE id = ? AND recovery_verifier IS NOT NULL")) {
                select.setLong(1, id);
                try (ResultSet row = select.executeQuery()) {
                    return row.next() ? Optional.of(new Recovery(row.getString(1), row.getString(2), row.getString(3)))
                            : Optional.empty();
                }
            }
        });
    }

    /** Keeps a deleted account's address from ever being given out again. */
    public void retire(String address, Instant at) {
        database.write(connection -> {
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO retired_addresses (address, retired_at) VALUES (?, ?) ON CONFLICT DO NOTHING")) {
                insert.setString(1, address);
                insert.setLong(2, at.toEpochMilli());
                return insert.executeUpdate();
            }
        });
    }

    public boolean isRetired(String address) {
        return database.read(connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT 1 FROM retired_addresses WHERE address = ?")) {
                select.setString(1, address);
                try (ResultSet row = select.executeQuery()) {
                    return row.next();
                }
            }
        });
    }

    private static List<String> blobIds(Connection connection, long accountId) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT m.blob_id FROM messages m JOIN mailboxes b ON m.mailbox_id = b.id WHERE b.account_id = ?")) {
            select.setLong(1, accountId);
            try (ResultSet rows = select.executeQuery()) {
                List<String> blobs = new ArrayList<>();
                while (rows.next()) {
                    blobs.add(rows.getString(1));
                }
                return blobs;
            }
        }
    }

    private static void setCredentials(PreparedStatement statement, int first, Account.Credentials credentials)
            throws SQLException {
        statement.setString(first, credentials.kdfSalt());
        statement.setInt(first + 1, credentials.kdfMemoryKiB());
        statement.setInt(first + 2, credentials.kdfIterations());
        statement.setInt(first + 3, credentials.kdfParallelism());
        statement.setString(first + 4, credentials.authVerifier());
    }

    private static Optional<Account> first(PreparedStatement select) throws SQLException {
        try (ResultSet rows = select.executeQuery()) {
            return rows.next() ? Optional.of(account(rows)) : Optional.empty();
        }
    }

    private static Account account(ResultSet row) throws SQLException {
        return new Account(
                row.getLong("id"),
                row.getLong("domain_id"),
                row.getString("address"),
                new Account.Credentials(
                        row.getString("kdf_salt"),
                        row.getInt("kdf_memory_kib"),
                        row.getInt("kdf_iterations"),
                        row.getInt("kdf_parallelism"),
                        row.getString("auth_verifier")),
                row.getString("public_key"),
                row.getString("secret_key"),
                row.getString("key_fingerprint"),
                Instant.ofEpochMilli(row.getLong("created_at")),
                lockedAt(row));
    }
}
