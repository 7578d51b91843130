package dev.coffer.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Aliases published in the Web Key Directory, each with the armored public key served for it. */
public final class AliasWkdKeyStore {

    /** A published alias: its address, the account it delivers to and the key (armored) with its user ID. */
    public record PublishedAlias(long aliasId, String address, long accountId, String publicKey, Instant publishedAt) {}

    private static final String SELECT = "SELECT k.alias_id, a.address, a.target_account_id, k.public_key,"
            + " k.published_at FROM alias_wkd_keys k JOIN aliases a ON a.id = k.alias_id";

    private final Database database;

    public AliasWkdKeyStore(Database database) {
        this.database = database;
    }

    /** Publishes (or replaces) the key of an alias. */
    public void put(long aliasId, String publicKey, Instant at) {
        database.write(connection -> {
            try (PreparedStatement upsert = connection.prepareStatement(
                    "INSERT INTO alias_wkd_keys (alias_id, public_key, published_at) VALUES (?, ?, ?)"
                            + " ON CONFLICT (alias_id) DO UPDATE SET public_key = excluded.public_key,"
                            + " published_at = excluded.published_at")) {
                upsert.setLong(1, aliasId);
                upsert.setString(2, publicKey);
                upsert.setLong(3, at.toEpochMilli());
                return upsert.executeUpdate();
            }
        });
    }

    public boolean delete(long aliasId) {
        return database.write(connection -> {
            try (PreparedStatement delete = connection.prepareStatement("DELETE FROM alias_wkd_keys WHERE alias_id = ?")) {
                delete.setLong(1, aliasId);
                return delete.executeUpdate() > 0;
            }
        });
    }

    /** The published alias with this address (the first, should several accounts share it). */
    public Optional<PublishedAlias> findByAddress(String address) {
        return database.read(connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                    SELECT + " WHERE a.address = ? ORDER BY k.alias_id LIMIT 1")) {
                select.setString(1, address);
                try (ResultSet rows = select.executeQuery()) {
                    return rows.next() ? Optional.of(published(rows)) : Optional.<PublishedAlias>empty();
                }
            }
        });
    }

    /** Every published alias, by address. */
    public List<PublishedAlias> list() {
        return database.read(connection -> {
            try (PreparedStatement select = connection.prepareStatement(SELECT + " ORDER BY a.address, k.alias_id");
                 ResultSet rows = select.executeQuery()) {
                List<PublishedAlias> published = new ArrayList<>();
                while (rows.next()) {
                    published.add(published(rows));
                }
                return published;
            }
        });
    }

    private static PublishedAlias published(ResultSet row) throws SQLException {
        return new PublishedAlias(row.getLong(1), row.getString(2), row.getLong(3), row.getString(4),
                Instant.ofEpochMilli(row.getLong(5)));
    }
}
