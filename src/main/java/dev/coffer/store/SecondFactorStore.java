package dev.coffer.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** TOTP secrets and one-time recovery codes, per account. */
public final class SecondFactorStore {

    /** An account's TOTP secret (base32 of RFC 6238 §5.1), confirmed once a first code was entered. */
    public record TotpSecret(long accountId, String secret, boolean confirmed, long lastStep) {}

    /** A recovery code's verifier; {@code used} once it was spent. */
    public record RecoveryCode(long id, String verifier, boolean used) {}

    private final Database database;

    public SecondFactorStore(Database database) {
        this.database = database;
    }

    /** Starts (or restarts) TOTP enrolment: an unconfirmed secret that replaces any earlier one. */
    public void putTotp(long accountId, String secret, Instant now) {
        database.write(connection -> {
            try (PreparedStatement upsert = connection.prepareStatement(
                    "INSERT INTO totp_secrets (account_id, secret, confirmed, last_step, created_at)"
                            + " VALUES (?, ?, FALSE, -1, ?) ON CONFLICT (account_id) DO UPDATE"
                            + " SET secret = excluded.secret, confirmed = FALSE, last_step = -1,"
                            + " created_at = excluded.created_at")) {
                upsert.setLong(1, accountId);
                upsert.setString(2, secret);
                upsert.setLong(3, now.toEpochMilli());
                return upsert.executeUpdate();
            }
        });
    }

    public Optional<TotpSecret> totp(long accountId) {
        return database.read(connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT secret, confirmed, last_step FROM totp_secrets WHERE account_id = ?")) {
                select.setLong(1, accountId);
                try (ResultSet row = select.executeQuery()) {
                    return row.next()
                            ? Optional.of(new TotpSecret(accountId, row.getString(1), row.getBoolean(2), row.getLong(3)))
                            : Optional.empty();
                }
            }
        });
    }

    /**
     * Records that the code of {@code step} was used, only if no later or equal step was used
     * before — atomically, so two logins racing with one code cannot both succeed.
     */
    public boolean useTotpStep(long accountId, long step) {
        return database.write(connection -> {
            try (PreparedStatement update = connection.prepareStatement(
                    "UPDATE totp_secrets SET last_step = ?, confirmed = TRUE WHERE account_id = ? AND last_step < ?")) {
                update.setLong(1, step);
                update.setLong(2, accountId);
                update.setLong(3, step);
                return update.executeUpdate() == 1;
            }
        });
    }

    public boolean deleteTotp(long accountId) {
        return database.write(connection -> {
            try (PreparedStatement delete = connection.prepareStatement(
                    "DELETE FROM totp_secrets WHERE account_id = ?")) {
                delete.setLong(1, accountId);
                return delete.executeUpdate() > 0;
            }
        });
    }

    /** Replaces all recovery codes of the account with these verifiers. */
    public void replaceRecoveryCodes(long accountId, List<String> verifiers) {
        database.write(connection -> {
            try (PreparedStatement delete = connection.prepareStatement(
                    "DELETE FROM recovery_codes WHERE account_id = ?");
                 PreparedStatement insert = connection.prepareStatement(
                         "INSERT INTO recovery_codes (account_id, verifier) VALUES (?, ?)")) {
                delete.setLong(1, accountId);
                delete.executeUpdate();
                for (String verifier : verifiers) {
                    insert.setLong(1, accountId);
                    insert.setString(2, verifier);
                    insert.addBatch();
                }
                return insert.executeBatch().length;
            }
        });
    }

    public List<RecoveryCode> recoveryCodes(long accountId) {
        return database.read(connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT id, verifier, used_at FROM recovery_codes WHERE account_id = ? ORDER BY id")) {
                select.setLong(1, accountId);
                try (ResultSet rows = select.executeQuery()) {
                    List<RecoveryCode> codes = new ArrayList<>();
                    while (rows.next()) {
                        rows.getLong(3);
                        boolean used = !rows.wasNull();
                        codes.add(new RecoveryCode(rows.getLong(1), rows.getString(2), used));
                    }
                    return codes;
                }
            }
        });
    }

    /** Spends a recovery code; false when it was spent already (by a concurrent login, say). */
    public boolean spendRecoveryCode(long id, Instant now) {
        return database.write(connection -> {
            try (PreparedStatement update = connection.prepareStatement(
                    "UPDATE recovery_codes SET used_at = ? WHERE id = ? AND used_at IS NULL")) {
                update.setLong(1, now.toEpochMilli());
                update.setLong(2, id);
                return update.executeUpdate() == 1;
            }
        });
    }
}
