package dev.coffer.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Aliases and catch-alls. Addresses are stored in lower case; a catch-all is {@code @domain}. */
public final class AliasStore {

    private static final String SELECT = "SELECT a.id, a.address, a.target_account_id, t.address AS target"
            + " FROM aliases a JOIN accounts t ON a.target_account_id = t.id";

    private final Database database;

    public AliasStore(Database database) {
        this.database = database;
    }

    public Alias add(long domainId, String address, Account target) {
        return database.write(connection -> {
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO aliases (domain_id, address, target_account_id, created_at) VALUES (?, ?, ?, ?)"
                            + " RETURNING id")) {
                insert.setLong(1, domainId);
                insert.setString(2, address);
                insert.setLong(3, target.id());
                insert.setLong(4, Instant.now().toEpochMilli());
                try (ResultSet row = insert.executeQuery()) {
                    row.next();
                    return new Alias(row.getLong(1), address, target.id(), target.address());
                }
            }
        }, ChangeCounters.Topic.DIRECTORY);
    }

    public List<Alias> findByAddress(String address) {
        return database.read(connection -> {
            try (PreparedStatement select = connection.prepareStatement(SELECT + " WHERE a.address = ?")) {
                select.setString(1, address);
                return aliases(select);
            }
        });
    }

    public List<Alias> list() {
        return database.read(connection -> {
            try (PreparedStatement select = connection.prepareStatement(SELECT + " ORDER BY a.address, target")) {
                return aliases(select);
            }
        });
    }

    /** Deletes every target of the alias; returns how many rows went. */
    public int delete(String address) {
        return database.write(connection -> {
            try (PreparedStatement delete = connection.prepareStatement("DELETE FROM aliases WHERE address = ?")) {
                delete.setString(1, address);
                return delete.executeUpdate();
            }
        }, ChangeCounters.Topic.DIRECTORY);
    }

    private static List<Alias> aliases(PreparedStatement select) throws SQLException {
        try (ResultSet rows = select.executeQuery()) {
            List<Alias> aliases = new ArrayList<>();
            while (rows.next()) {
                aliases.add(new Alias(rows.getLong("id"), rows.getString("address"),
                        rows.getLong("target_account_id"), rows.getString("target")));
            }
            return aliases;
        }
    }
}
