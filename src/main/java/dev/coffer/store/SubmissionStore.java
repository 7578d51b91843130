package dev.coffer.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The records of sent messages kept for JMAP EmailSubmission; writes are changes of type {@link #TYPE}. */
public final class SubmissionStore {

    public static final String TYPE = "EmailSubmission";

    private static final String COLUMNS = "id, account_id, identity_id, email_id, thread_id, envelope, send_at,"
            + " undo_status, queue_id, local_recipients";

    private final Database database;

    SubmissionStore(Database database) {
        this.database = database;
    }

    /** The account's records, oldest first. */
    public List<SubmissionRow> list(long accountId) {
        return database.read(connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT " + COLUMNS + " FROM email_submissions WHERE account_id = ? ORDER BY send_at, id")) {
                select.setLong(1, accountId);
                List<SubmissionRow> found = new ArrayList<>();
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        found.add(new SubmissionRow(rows.getLong(1), rows.getLong(2), rows.getString(3),
                                rows.getString(4), rows.getString(5), rows.getString(6),
                                Instant.ofEpochMilli(rows.getLong(7)), rows.getString(8), rows.getString(9),
                                rows.getString(10)));
                    }
                }
                return found;
            }
        });
    }

    /** Adds a record (its {@code id} is ignored) and returns it with the id it got. */
    public SubmissionRow create(SubmissionRow row) {
        return database.write(connection -> {
            long id;
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO email_submissions"
                    + " (account_id, identity_id, email_id, thread_id, envelope, send_at, undo_status, queue_id,"
                    + " local_recipients) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", Statement.RETURN_GENERATED_KEYS)) {
                insert.setLong(1, row.accountId());
                insert.setString(2, row.identityId());
                insert.setString(3, row.emailId());
                insert.setString(4, row.threadId());
                insert.setString(5, row.envelope());
                insert.setLong(6, row.sendAt().toEpochMilli());
                insert.setString(7, row.undoStatus());
                insert.setString(8, row.queueId());
                insert.setString(9, row.localRecipients());
                insert.executeUpdate();
                try (ResultSet keys = insert.getGeneratedKeys()) {
                    keys.next();
                    id = keys.getLong(1);
                }
            }
            ObjectChangeStore.record(connection, row.accountId(), TYPE, Long.toString(id), ObjectChangeStore.Kind.CREATED);
            return new SubmissionRow(id, row.accountId(), row.identityId(), row.emailId(), row.threadId(), row.envelope(),
                    row.sendAt(), row.undoStatus(), row.queueId(), row.localRecipients());
        });
    }

    public boolean delete(long accountId, long id) {
        return database.write(connection -> {
            try (PreparedStatement delete = connection.prepareStatement(
                    "DELETE FROM email_submissions WHERE id = ? AND account_id = ?")) {
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
