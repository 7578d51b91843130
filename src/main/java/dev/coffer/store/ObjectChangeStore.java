package dev.coffer.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * A sequence number per account and object type that moves with every change, and the last
 * change of each object (tombstones included), so a client can ask what changed since a state.
 * The other stores record their changes here in the same transaction as the change itself.
 */
public final class ObjectChangeStore {

    /** What a write did to an object. */
    public enum Kind { CREATED, UPDATED, DESTROYED }

    private final Database database;

    ObjectChangeStore(Database database) {
        this.database = database;
    }

    /** The current sequence number of the type for the account; 0 before any change. */
    public long state(long accountId, String dataType) {
        return database.read(connection -> current(connection, accountId, dataType));
    }

    /** The objects changed after {@code seq}, in the order of their last change. */
    public List<ObjectChange> since(long accountId, String dataType, long seq) {
        return database.read(connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT object_id, created_seq, changed_seq, destroyed FROM object_changes"
                            + " WHERE account_id = ? AND data_type = ? AND changed_seq > ? ORDER BY changed_seq")) {
                select.setLong(1, accountId);
                select.setString(2, dataType);
                select.setLong(3, seq);
                List<ObjectChange> changes = new ArrayList<>();
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        changes.add(new ObjectChange(rows.getString(1), rows.getLong(2), rows.getLong(3), rows.getBoolean(4)));
                    }
                }
                return changes;
            }
        });
    }

    /** Moves the type's state and notes the change of one object; returns the new sequence number. */
    static long record(Connection connection, long accountId, String dataType, String objectId, Kind kind)
            throws SQLException {
        long seq = current(connection, accountId, dataType) + 1;
        try (PreparedStatement state = connection.prepareStatement(
                "INSERT INTO object_states (account_id, data_type, seq) VALUES (?, ?, ?)"
                        + " ON CONFLICT (account_id, data_type) DO UPDATE SET seq = excluded.seq")) {
            state.setLong(1, accountId);
            state.setString(2, dataType);
            state.setLong(3, seq);
            state.executeUpdate();
        }
        try (PreparedStatement change = connection.prepareStatement(
                "INSERT INTO object_changes (account_id, data_type, object_id, created_seq, changed_seq, destroyed)"
                        + " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (account_id, data_type, object_id)"
                        + " DO UPDATE SET changed_seq = excluded.changed_seq, destroyed = excluded.destroyed")) {
            change.setLong(1, accountId);
            change.setString(2, dataType);
            change.setString(3, objectId);
            change.setLong(4, seq);
            change.setLong(5, seq);
            change.setBoolean(6, kind == Kind.DESTROYED);
            change.executeUpdate();
        }
        return seq;
    }

    private static long current(Connection connection, long accountId, String dataType) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT seq FROM object_states WHERE account_id = ? AND data_type = ?")) {
            select.setLong(1, accountId);
            select.setString(2, dataType);
            try (ResultSet row = select.executeQuery()) {
                return row.next() ? row.getLong(1) : 0;
            }
        }
    }
}
