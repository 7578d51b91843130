package dev.coffer.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The rows of accounts' sending identities; each write is recorded as a change of type {@link #TYPE}. */
public final class IdentityStore {

    public static final String TYPE = "Identity";

    private static final String COLUMNS =
            "id, account_id, email, name, reply_to, bcc, text_signature, html_signature, standing";

    private final Database database;

    IdentityStore(Database database) {
        this.database = database;
    }

    public List<IdentityRow> list(long accountId) {
        return database.read(connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT " + COLUMNS + " FROM identities WHERE account_id = ? ORDER BY id")) {
                select.setLong(1, accountId);
                List<IdentityRow> identities = new ArrayList<>();
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        identities.add(new IdentityRow(rows.getLong(1), rows.getLong(2), rows.getString(3),
                                rows.getString(4), rows.getString(5), rows.getString(6), rows.getString(7),
                                rows.getString(8), rows.getBoolean(9)));
                    }
                }
                return identities;
            }
        });
    }

    public Optional<IdentityRow> find(long accountId, long id) {
        return list(accountId).stream().filter(identity -> identity.id() == id).findFirst();
    }

    /** Adds an identity (its {@code id} is ignored) and returns it with the id it got. */
    public IdentityRow create(IdentityRow identity) {
        return database.write(connection -> {
            long id;
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO identities"
                    + " (account_id, email, name, reply_to, bcc, text_signature, html_signature, standing)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)", Statement.RETURN_GENERATED_KEYS)) {
                insert.setLong(1, identity.accountId());
                insert.setString(2, identity.email());
                insert.setString(3, identity.name());
                insert.setString(4, identity.replyTo());
                insert.setString(5, identity.bcc());
                insert.setString(6, identity.textSignature());
                insert.setString(7, identity.htmlSignature());
                insert.setBoolean(8, identity.standing());
                insert.executeUpdate();
                try (ResultSet keys = insert.getGeneratedKeys()) {
                    keys.next();
                    id = keys.getLong(1);
                }
            }
            ObjectChangeStore.record(connection, identity.accountId(), TYPE, Long.toString(id),
                    ObjectChangeStore.Kind.CREATED);
            return new IdentityRow(id, identity.accountId(), identity.email(), identity.name(), identity.replyTo(),
                    identity.bcc(), identity.textSignature(), identity.htmlSignature(), identity.standing());
        });
    }

    /** Replaces the changeable fields (not the address); false when there is no such identity. */
    public boolean update(IdentityRow identity) {
        return database.write(connection -> {
            try (PreparedStatement update = connection.prepareStatement("UPDATE identities SET name = ?, reply_to = ?,"
                    + " bcc = ?, text_signature = ?, html_signature = ? WHERE id = ? AND account_id = ?")) {
                update.setString(1, identity.name());
                update.setString(2, identity.replyTo());
                update.setString(3, identity.bcc());
                update.setString(4, identity.textSignature());
                update.setString(5, identity.htmlSignature());
                update.setLong(6, identity.id());
                update.setLong(7, identity.accountId());
                if (update.executeUpdate() == 0) {
                    return false;
                }
            }
            ObjectChangeStore.record(connection, identity.accountId(), TYPE, Long.toString(identity.id()),
                    ObjectChangeStore.Kind.UPDATED);
            return true;
        });
    }

    public boolean delete(long accountId, long id) {
        return database.write(connection -> {
            try (PreparedStatement delete = connection.prepareStatement(
                    "DELETE FROM identities WHERE id = ? AND account_id = ?")) {
                delete.setLong(1, id);
                delete.setLong(2, accountId);
                if (delete.executeUpdate() == 0) {
                    return false;
                }
            }
            ObjectChangeStore.record(connection, accountId, TYPE, Long.toString(id), ObjectChangeStore.Kind.DESTROYED);
            return true;
        });
    }
}
