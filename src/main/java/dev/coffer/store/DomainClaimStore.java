package dev.coffer.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Users' unproved claims on domains, and the step that turns a proved claim into a hosted domain. */
public final class DomainClaimStore {

    private static final String COLUMNS = "id, name, account_id, token, created_at";

    private final Database database;

    public DomainClaimStore(Database database) {
        this.database = database;
    }

    /** A new claim, or the account's existing claim on the name (its token unchanged). */
    public DomainClaim add(String name, long accountId, String token) {
        Instant now = Instant.ofEpochMilli(System.currentTimeMillis());
        return database.write(connection -> {
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO domain_claims (name, account_id, token, created_at) VALUES (?, ?, ?, ?)"
                            + " ON CONFLICT (name, account_id) DO NOTHING")) {
                insert.setString(1, name);
                insert.setLong(2, accountId);
                insert.setString(3, token);
                insert.setLong(4, now.toEpochMilli());
                insert.executeUpdate();
            }
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT " + COLUMNS + " FROM domain_claims WHERE name = ? AND account_id = ?")) {
                select.setString(1, name);
                select.setLong(2, accountId);
                return list(select).getFirst();
            }
        });
    }

    /** Every account's claim on the name, oldest first. */
    public List<DomainClaim> forName(String name) {
        return database.read(connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT " + COLUMNS + " FROM domain_claims WHERE name = ? ORDER BY id")) {
                select.setString(1, name);
                return list(select);
            }
        });
    }

    /** Every unproved claim, by name. */
    public List<DomainClaim> all() {
        return database.read(connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT " + COLUMNS + " FROM domain_claims ORDER BY name, id")) {
                return list(select);
            }
        });
    }

    public List<DomainClaim> forAccount(long accountId) {
        return database.read(connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT " + COLUMNS + " FROM domain_claims WHERE account_id = ? ORDER BY name")) {
                select.setLong(1, accountId);
                return list(select);
            }
        });
    }

    /** Withdraws one account's claim; false when it had none on the name. */
    public boolean remove(String name, long accountId) {
        return database.write(connection -> {
            try (PreparedStatement delete = connection.prepareStatement(
                    "DELETE FROM domain_claims WHERE name = ? AND account_id = ?")) {
                delete.setString(1, name);
                delete.setLong(2, accountId);
                return delete.executeUpdate() > 0;
            }
        });
    }

    /** The claim is proved: its domain becomes hosted, owned by the claimant, and every claim on the name ends. */
    public Domain prove(DomainClaim claim) {
        Instant now = Instant.ofEpochMilli(System.currentTimeMillis());
        return database.write(connection -> {
            long id;
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO domains (name, created_at, owner_account_id) VALUES (?, ?, ?) RETURNING id")) {
                insert.setString(1, claim.name());
                insert.setLong(2, now.toEpochMilli());
                insert.setLong(3, claim.accountId());
                try (ResultSet row = insert.executeQuery()) {
                    row.next();
                    id = row.getLong(1);
                }
            }
            try (PreparedStatement delete = connection.prepareStatement("DELETE FROM domain_claims WHERE name = ?")) {
                delete.setString(1, claim.name());
                delete.executeUpdate();
            }
            return new Domain(id, claim.name(), now);
        }, ChangeCounters.Topic.DIRECTORY);
    }

    /** The names of the hosted domains whose claim this account proved. */
    public List<String> provedBy(long accountId) {
        return database.read(connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT name FROM domains WHERE owner_account_id = ? ORDER BY name")) {
                select.setLong(1, accountId);
                try (ResultSet rows = select.executeQuery()) {
                    List<String> names = new ArrayList<>();
                    while (rows.next()) {
                        names.add(rows.getString(1));
                    }
                    return names;
                }
            }
        });
    }

    private static List<DomainClaim> list(PreparedStatement select) throws SQLException {
        try (ResultSet rows = select.executeQuery()) {
            List<DomainClaim> claims = new ArrayList<>();
            while (rows.next()) {
                claims.add(new DomainClaim(rows.getLong("id"), rows.getString("name"), rows.getLong("account_id"),
                        rows.getString("token"), Instant.ofEpochMilli(rows.getLong("created_at"))));
            }
            return claims;
        }
    }
}
