package dev.coffer.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Domains' DKIM signing keys. */
public final class DkimKeyStore {

    private static final String COLUMNS = "id, domain_id, selector, algorithm, private_key, created_at, active";

    private final Database database;

    public DkimKeyStore(Database database) {
        this.database = database;
    }

    /** Adds active keys and retires the domain's previous keys of the same algorithms, in one transaction. */
    public List<DkimKey> replace(long domainId, List<DkimKey> fresh) {
        Instant now = Instant.ofEpochMilli(System.currentTimeMillis());
        return database.write(connection -> {
            try (PreparedStatement retire = connection.prepareStatement(
                    "UPDATE dkim_keys SET active = FALSE WHERE domain_id = ? AND algorithm = ?")) {
                for (DkimKey key : fresh) {
                    retire.setLong(1, domainId);
                    retire.setString(2, key.algorithm());
                    retire.executeUpdate();
                }
            }
            List<DkimKey> added = new ArrayList<>();
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO dkim_keys (domain_id, selector, algorithm, private_key, created_at, active)"
                            + " VALUES (?, ?, ?, ?, ?, TRUE) RETURNING id")) {
                for (DkimKey key : fresh) {
                    insert.setLong(1, domainId);
                    insert.setString(2, key.selector());
                    insert.setString(3, key.algorithm());
                    insert.setString(4, key.privateKey());
                    insert.setLong(5, now.toEpochMilli());
                    try (ResultSet row = insert.executeQuery()) {
                        row.next();
                        added.add(new DkimKey(row.getLong(1), domainId, key.selector(), key.algorithm(),
                                key.privateKey(), now, true));
                    }
                }
            }
            return added;
        });
    }

    /** All keys of the domain, active ones first, newest first. */
    public List<DkimKey> list(long domainId) {
        return database.read(connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT " + COLUMNS + " FROM dkim_keys WHERE domain_id = ? ORDER BY active DESC, created_at DESC,"
                            + " id DESC")) {
                select.setLong(1, domainId);
                try (ResultSet rows = select.executeQuery()) {
                    List<DkimKey> keys = new ArrayList<>();
                    while (rows.next()) {
                        keys.add(key(rows));
                    }
                    return keys;
                }
            }
        });
    }

    private static DkimKey key(ResultSet row) throws SQLException {
        return new DkimKey(row.getLong("id"), row.getLong("domain_id"), row.getString("selector"),
                row.getString("algorithm"), row.getString("private_key"),
                Instant.ofEpochMilli(row.getLong("created_at")), row.getBoolean("active"));
    }
}
