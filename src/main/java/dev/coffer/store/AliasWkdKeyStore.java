package dev.coffer.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

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

    /** Every published alias, by address. */
    public List<PublishedAlias> list() {
        return database.read(connection -> {
            try (PreparedStatement select = connection.prepareStatement(SELECT + " ORDER BY a.address, k.alias_id");
                 ResultSet rows = select.executeQuery()) {
                List<PublishedAlias> published = new ArrayList<>();
                while (rows.next()) {
                    published.add(new PublishedAlias(rows.getLong(1), rows.getString(2), rows.getLong(3),
                            rows.getString(4), Instant.ofEpochMilli(rows.getLong(5))));
                }
                return published;
            }
        });
    }
}
