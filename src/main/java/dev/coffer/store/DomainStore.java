package dev.coffer.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The hosted domains. Names are stored in lower case. */
public final class DomainStore {

    private final Database database;

    public DomainStore(Database database) {
        this.database = database;
    }

    public Domain add(String name) {
        Instant now = Instant.ofEpochMilli(System.currentTimeMillis());
        return database.write(connection -> {
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO domains (name, created_at) VALUES (?, ?) RETURNING id")) {
                insert.setString(1, name);
                insert.setLong(2, now.toEpochMilli());
                try (ResultSet row = insert.executeQuery()) {
                    row.next();
                    return new Domain(row.getLong(1), name, now);
                }
            }
        }, ChangeCounters.Topic.DIRECTORY);
    }

    public Optional<Domain> find(String name) {
        return database.read(connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT id, name, created_at FROM domains WHERE name = ?")) {
                select.setString(1, name);
                try (ResultSet rows = select.executeQuery()) {
                    return rows.next() ? Optional.of(domain(rows)) : Optional.empty();
                }
            }
        });
    }

    public List<Domain> list() {
        return database.read(connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT id, name, created_at FROM domains ORDER BY name");
                 ResultSet rows = select.executeQuery()) {
                List<Domain> domains = new ArrayList<>();
                while (rows.next()) {
                    domains.add(domain(rows));
                }
                return domains;
            }
        });
    }

    private static Domain domain(ResultSet row) throws SQLException {
        return new Domain(row.getLong("id"), row.getString("name"), Instant.ofEpochMilli(row.getLong("created_at")));
    }
}
