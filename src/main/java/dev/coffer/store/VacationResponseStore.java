package dev.coffer.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Types;
import java.time.Instant;

/** Each account's one vacation response; writes are recorded as changes of type {@link #TYPE}. */
public final class VacationResponseStore {

    public static final String TYPE = "VacationResponse";
    /** RFC 8621 §8: the one object of the type has this id. */
    public static final String SINGLETON = "singleton";

    /** At most this many accounts' settings are kept, each with bodies of at most 64 KiB (JMAP's limit). */
    private static final int CACHED_ACCOUNTS = 1_000;

    private final Database database;
    /**
     * Each account's setting, read for every copy delivered. Invalidated by
     * {@link ChangeCounters.Topic#VACATION_RESPONSES}, which {@link #put} and the deletion of an account move on.
     */
    private final ReadCache<Long, VacationResponseRow> settings;

    VacationResponseStore(Database database) {
        this.database = database;
        this.settings = new ReadCache<>(database.changes(), ChangeCounters.Topic.VACATION_RESPONSES, CACHED_ACCOUNTS);
    }

    /** The account's setting; a disabled one when it never set any. Served from a cache (see {@link #settings}). */
    public VacationResponseRow find(long accountId) {
        return settings.get(accountId, account -> database.read(connection -> {
            try (PreparedStatement select = connection.prepareStatement("SELECT enabled, from_date, to_date, subject,"
                    + " text_body, html_body FROM vacation_responses WHERE account_id = ?")) {
                select.setLong(1, account);
                try (ResultSet row = select.executeQuery()) {
                    if (!row.next()) {
                        return VacationResponseRow.disabled(account);
                    }
                    return new VacationResponseRow(account, row.getBoolean(1), instant(row, 2), instant(row, 3),
                            row.getString(4), row.getString(5), row.getString(6));
                }
            }
        }));
    }

    public void put(VacationResponseRow response) {
        database.write(connection -> {
            try (PreparedStatement upsert = connection.prepareStatement("INSERT INTO vacation_responses"
                    + " (account_id, enabled, from_date, to_date, subject, text_body, html_body) VALUES (?, ?, ?, ?, ?, ?, ?)"
                    + " ON CONFLICT (account_id) DO UPDATE SET enabled = excluded.enabled, from_date = excluded.from_date,"
                    + " to_date = excluded.to_date, subject = excluded.subject, text_body = excluded.text_body,"
                    + " html_body = excluded.html_body")) {
                upsert.setLong(1, response.accountId());
                upsert.setBoolean(2, response.enabled());
                setInstant(upsert, 3, response.fromDate());
                setInstant(upsert, 4, response.toDate());
                upsert.setString(5, response.subject());
                upsert.setString(6, response.textBody());
                upsert.setString(7, response.htmlBody());
                upsert.executeUpdate();
            }
            ObjectChangeStore.record(connection, response.accountId(), TYPE, SINGLETON, ObjectChangeStore.Kind.UPDATED);
            return null;
        }, ChangeCounters.Topic.VACATION_RESPONSES);
    }

    private static Instant instant(ResultSet row, int column) throws java.sql.SQLException {
        long millis = row.getLong(column);
        return row.wasNull() ? null : Instant.ofEpochMilli(millis);
    }

    private static void setInstant(PreparedStatement statement, int index, Instant value) throws java.sql.SQLException {
        if (value == null) {
            statement.setNull(index, Types.BIGINT);
        } else {
            statement.setLong(index, value.toEpochMilli());
        }
    }
}
