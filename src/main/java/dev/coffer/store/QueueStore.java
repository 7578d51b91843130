package dev.coffer.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The outbound queue's rows: messages, their recipients' delivery state, and the TLS
 * session counts that TLS-RPT reports are built from. Knows nothing of SMTP.
 */
public final class QueueStore {

    private static final String MESSAGE_COLUMNS = "id, reverse_path, blob_id, size, require_tls, envelope_id,"
            + " created_at, next_attempt_at, attempts, delay_warned";

    private final Database database;

    QueueStore(Database database) {
        this.database = database;
    }

    /** Adds a message and its recipients in one durable commit. */
    public void insert(QueueEntry entry) {
        database.write(connection -> {
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO queue_messages (" + MESSAGE_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                insert.setString(1, entry.id());
                insert.setString(2, entry.reversePath());
                insert.setString(3, entry.blobId());
                insert.setLong(4, entry.size());
                insert.setBoolean(5, entry.requireTls());
                insert.setString(6, entry.envelopeId());
                insert.setLong(7, entry.created().toEpochMilli());
                insert.setLong(8, entry.nextAttempt().toEpochMilli());
                insert.setInt(9, entry.attempts());
                insert.setBoolean(10, entry.delayWarned());
                insert.executeUpdate();
            }
            insertRecipients(connection, entry);
            return null;
        });
    }

    /** Replaces the message's schedule and every recipient's state, in one commit. */
    public boolean update(QueueEntry entry) {
        return database.write(connection -> {
            try (PreparedStatement update = connection.prepareStatement(
                    "UPDATE queue_messages SET next_attempt_at = ?, attempts = ?, delay_warned = ? WHERE id = ?")) {
                update.setLong(1, entry.nextAttempt().toEpochMilli());
                update.setInt(2, entry.attempts());
                update.setBoolean(3, entry.delayWarned());
                update.setString(4, entry.id());
                if (update.executeUpdate() == 0) {
                    return false;
                }
            }
            try (PreparedStatement delete = connection.prepareStatement(
                    "DELETE FROM queue_recipients WHERE message_id = ?")) {
                delete.setString(1, entry.id());
                delete.executeUpdate();
            }
            insertRecipients(connection, entry);
            return true;
        });
    }

    /** Sets when the message is next tried; false if it is no longer queued. */
    public boolean reschedule(String id, Instant nextAttempt) {
        return database.write(connection -> {
            try (PreparedStatement update = connection.prepareStatement(
                    "UPDATE queue_messages SET next_attempt_at = ? WHERE id = ?")) {
                update.setLong(1, nextAttempt.toEpochMilli());
                update.setString(2, id);
                return update.executeUpdate() > 0;
            }
        });
    }

    /** Removes the message and its recipients; false if it was not queued. */
    public boolean delete(String id) {
        return database.write(connection -> {
            try (PreparedStatement delete = connection.prepareStatement("DELETE FROM queue_messages WHERE id = ?")) {
                delete.setString(1, id);
                return delete.executeUpdate() > 0;
            }
        });
    }

    public Optional<QueueEntry> find(String id) {
        List<QueueEntry> found = select("WHERE id = ?", statement -> statement.setString(1, id));
        return found.stream().findFirst();
    }

    /** Every queued message, oldest first. */
    public List<QueueEntry> list() {
        return select("ORDER BY created_at, id", statement -> {});
    }

    /** Messages whose next attempt is due at {@code now}, earliest first. */
    public List<QueueEntry> due(Instant now, int limit) {
        return select("WHERE next_attempt_at <= ? ORDER BY next_attempt_at, id LIMIT ?", statement -> {
            statement.setLong(1, now.toEpochMilli());
            statement.setInt(2, limit);
        });
    }

    /** The earliest next attempt of any queued message. */
    public Optional<Instant> nextDue() {
        return database.read(connection -> {
            try (PreparedStatement query = connection.prepareStatement(
                    "SELECT MIN(next_attempt_at) FROM queue_messages");
                 ResultSet rows = query.executeQuery()) {
                rows.next();
                long millis = rows.getLong(1);
                return rows.wasNull() ? Optional.empty() : Optional.of(Instant.ofEpochMilli(millis));
            }
        });
    }

    /** Counts one TLS session for TLS-RPT; {@code resultType} null for a success. */
    public void recordTlsSession(String day, String policyDomain, String policyType, List<String> policyStrings,
                                 List<String> mxPatterns, String resultType, String receivingMx) {
        database.write(connection -> {
            try (PreparedStatement upsert = connection.prepareStatement(
                    "INSERT INTO queue_tls_results (day, policy_domain, policy_type, policy_strings, mx_patterns,"
                            + " result_type, receiving_mx, sessions) VALUES (?, ?, ?, ?, ?, ?, ?, 1)"
                            + " ON CONFLICT (day, policy_domain, policy_type, policy_strings, mx_patterns, result_type,"
                            + " receiving_mx) DO UPDATE SET sessions = queue_tls_results.sessions + 1")) {
                upsert.setString(1, day);
                upsert.setString(2, policyDomain);
                upsert.setString(3, policyType);
                upsert.setString(4, String.join("\n", policyStrings));
                upsert.setString(5, String.join("\n", mxPatterns));
                upsert.setString(6, resultType == null ? "" : resultType);
                upsert.setString(7, resultType == null || receivingMx == null ? "" : receivingMx);
                upsert.executeUpdate();
            }
            return null;
        });
    }

    /** The TLS session counts of one policy domain on one day ({@code yyyy-MM-dd}, UTC). */
    public List<QueueTlsCount> tlsSessions(String day, String policyDomain) {
        return database.read(connection -> {
            try (PreparedStatement query = connection.prepareStatement(
                    "SELECT policy_type, policy_strings, mx_patterns, result_type, receiving_mx, sessions"
                            + " FROM queue_tls_results WHERE day = ? AND policy_domain = ?"
                            + " ORDER BY policy_type, policy_strings, mx_patterns, result_type, receiving_mx")) {
                query.setString(1, day);
                query.setString(2, policyDomain);
                List<QueueTlsCount> counts = new ArrayList<>();
                try (ResultSet rows = query.executeQuery()) {
                    while (rows.next()) {
                        String result = rows.getString(4);
                        String mx = rows.getString(5);
                        counts.add(new QueueTlsCount(rows.getString(1), lines(rows.getString(2)),
                                lines(rows.getString(3)), result.isEmpty() ? null : result,
                                mx.isEmpty() ? null : mx, rows.getLong(6)));
                    }
                }
                return counts;
            }
        });
    }

    /** The policy domains with TLS sessions on one day. */
    public List<String> tlsPolicyDomains(String day) {
        return database.read(connection -> {
            try (PreparedStatement query = connection.prepareStatement(
                    "SELECT DISTINCT policy_domain FROM queue_tls_results WHERE day = ? ORDER BY policy_domain")) {
                query.setString(1, day);
                List<String> domains = new ArrayList<>();
                try (ResultSet rows = query.executeQuery()) {
                    while (rows.next()) {
                        domains.add(rows.getString(1));
                    }
                }
                return domains;
            }
        });
    }

    /** Forgets the TLS session counts of days before {@code day}, once reported. */
    public void deleteTlsSessionsBefore(String day) {
        database.write(connection -> {
            try (PreparedStatement delete = connection.prepareStatement("DELETE FROM queue_tls_results WHERE day < ?")) {
                delete.setString(1, day);
                delete.executeUpdate();
            }
            return null;
        });
    }

    private static List<String> lines(String joined) {
        return joined.isEmpty() ? List.of() : List.of(joined.split("\n", -1));
    }

    private static void insertRecipients(Connection connection, QueueEntry entry) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO queue_recipients (message_id, position, address, state, attempts, last_error, status,"
                        + " remote_mta, notified) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (QueueRecipient recipient : entry.recipients()) {
                insert.setString(1, entry.id());
                insert.setInt(2, recipient.position());
                insert.setString(3, recipient.address());
                insert.setString(4, recipient.state().name().toLowerCase(java.util.Locale.ROOT));
                insert.setInt(5, recipient.attempts());
                setNullable(insert, 6, recipient.lastError());
                setNullable(insert, 7, recipient.status());
                setNullable(insert, 8, recipient.remoteMta());
                insert.setBoolean(9, recipient.notified());
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    private static void setNullable(PreparedStatement statement, int index, String value) throws SQLException {
        if (value == null) {
            statement.setNull(index, Types.VARCHAR);
        } else {
            statement.setString(index, value);
        }
    }

    @FunctionalInterface
    private interface Binder {
        void bind(PreparedStatement statement) throws SQLException;
    }

    private List<QueueEntry> select(String clause, Binder binder) {
        return database.read(connection -> {
            Map<String, QueueEntry> messages = new LinkedHashMap<>();
            try (PreparedStatement query = connection.prepareStatement(
                    "SELECT " + MESSAGE_COLUMNS + " FROM queue_messages " + clause)) {
                binder.bind(query);
                try (ResultSet rows = query.executeQuery()) {
                    while (rows.next()) {
                        String envelopeId = rows.getString(6);
                        messages.put(rows.getString(1), new QueueEntry(rows.getString(1), rows.getString(2),
                                rows.getString(3), rows.getLong(4), rows.getBoolean(5), envelopeId,
                                Instant.ofEpochMilli(rows.getLong(7)), Instant.ofEpochMilli(rows.getLong(8)),
                                rows.getInt(9), rows.getBoolean(10), List.of()));
                    }
                }
            }
            List<QueueEntry> result = new ArrayList<>(messages.size());
            try (PreparedStatement query = connection.prepareStatement(
                    "SELECT position, address, state, attempts, last_error, status, remote_mta, notified"
                            + " FROM queue_recipients WHERE message_id = ? ORDER BY position")) {
                for (QueueEntry message : messages.values()) {
                    query.setString(1, message.id());
                    List<QueueRecipient> recipients = new ArrayList<>();
                    try (ResultSet rows = query.executeQuery()) {
                        while (rows.next()) {
                            recipients.add(new QueueRecipient(rows.getInt(1), rows.getString(2),
                                    QueueRecipient.State.valueOf(rows.getString(3).toUpperCase(java.util.Locale.ROOT)),
                                    rows.getInt(4), rows.getString(5), rows.getString(6), rows.getString(7),
                                    rows.getBoolean(8)));
                        }
                    }
                    result.add(message.withState(message.nextAttempt(), message.attempts(), message.delayWarned(),
                            recipients));
                }
            }
            return result;
        });
    }
}
