package dev.coffer.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** The rows of DMARC aggregate reports not yet sent, one per evaluated message. */
public final class DmarcReportStore {

    private static final String COLUMNS = "day, policy_domain, header_from, envelope_from, source_ip, disposition,"
            + " dkim_aligned, spf_aligned, override_type, override_comment, spf_domain, spf_result, dkim_results,"
            + " policy_p, policy_sp, adkim, aspf, pct, policy_fo";

    private final Database database;

    public DmarcReportStore(Database database) {
        this.database = database;
    }

    public void record(DmarcReportRow row) {
        database.write(connection -> {
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO dmarc_report_rows (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                insert.setString(1, row.day());
                insert.setString(2, row.policyDomain());
                insert.setString(3, row.headerFrom());
                insert.setString(4, row.envelopeFrom());
                insert.setString(5, row.sourceIp());
                insert.setString(6, row.disposition());
                insert.setBoolean(7, row.dkimAligned());
                insert.setBoolean(8, row.spfAligned());
                insert.setString(9, row.overrideType());
                insert.setString(10, row.overrideComment());
                insert.setString(11, row.spfDomain());
                insert.setString(12, row.spfResult());
                insert.setString(13, dkimText(row.dkim()));
                insert.setString(14, row.policyP());
                insert.setString(15, row.policySp());
                insert.setString(16, row.adkim());
                insert.setString(17, row.aspf());
                insert.setInt(18, row.pct());
                insert.setString(19, row.fo());
                insert.executeUpdate();
            }
            return null;
        });
    }

    /** The policy domains with rows on {@code day}, sorted. */
    public List<String> policyDomains(String day) {
        return database.read(connection -> {
            try (PreparedStatement query = connection.prepareStatement(
                    "SELECT DISTINCT policy_domain FROM dmarc_report_rows WHERE day = ? ORDER BY policy_domain")) {
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

    /** The rows of one policy domain on one day, in the order they were recorded. */
    public List<DmarcReportRow> rows(String day, String policyDomain) {
        return database.read(connection -> {
            try (PreparedStatement query = connection.prepareStatement(
                    "SELECT " + COLUMNS + " FROM dmarc_report_rows WHERE day = ? AND policy_domain = ? ORDER BY id")) {
                query.setString(1, day);
                query.setString(2, policyDomain);
                List<DmarcReportRow> found = new ArrayList<>();
                try (ResultSet rows = query.executeQuery()) {
                    while (rows.next()) {
                        found.add(row(rows));
                    }
                }
                return found;
            }
        });
    }

    /**
     * The rows of one policy domain on one day, identical ones counted together, at most
     * {@code limit} groups, ordered by when each was last seen (so the last holds the newest policy).
     */
    public List<DmarcReportCount> counts(String day, String policyDomain, int limit) {
        return database.read(connection -> {
            try (PreparedStatement query = connection.prepareStatement(
                    "SELECT " + COLUMNS + ", COUNT(*) FROM dmarc_report_rows WHERE day = ? AND policy_domain = ?"
                            + " GROUP BY " + COLUMNS + " ORDER BY MAX(id) LIMIT ?")) {
                query.setString(1, day);
                query.setString(2, policyDomain);
                query.setInt(3, limit);
                List<DmarcReportCount> found = new ArrayList<>();
                try (ResultSet rows = query.executeQuery()) {
                    while (rows.next()) {
                        found.add(new DmarcReportCount(row(rows), rows.getLong(20)));
                    }
                }
                return found;
            }
        });
    }

    /** Forgets the rows of one policy domain on one day (after its report went out). */
    public void delete(String day, String policyDomain) {
        database.write(connection -> {
            try (PreparedStatement delete = connection.prepareStatement(
                    "DELETE FROM dmarc_report_rows WHERE day = ? AND policy_domain = ?")) {
                delete.setString(1, day);
                delete.setString(2, policyDomain);
                delete.executeUpdate();
            }
            return null;
        });
    }

    /** Forgets every row of days before {@code day}. */
    public void deleteBefore(String day) {
        database.write(connection -> {
            try (PreparedStatement delete = connection.prepareStatement("DELETE FROM dmarc_report_rows WHERE day < ?")) {
                delete.setString(1, day);
                delete.executeUpdate();
            }
            return null;
        });
    }

    private static DmarcReportRow row(ResultSet row) throws SQLException {
        return new DmarcReportRow(row.getString(1), row.getString(2), row.getString(3), row.getString(4),
                row.getString(5), row.getString(6), row.getBoolean(7), row.getBoolean(8), row.getString(9),
                row.getString(10), row.getString(11), row.getString(12), dkim(row.getString(13)), row.getString(14),
                row.getString(15), row.getString(16), row.getString(17), row.getInt(18), row.getString(19));
    }

    /** One signature a line, its three parts separated by tabs (none of them holds a tab or newline). */
    private static String dkimText(List<DmarcReportRow.DkimAuth> dkim) {
        StringBuilder text = new StringBuilder();
        for (DmarcReportRow.DkimAuth auth : dkim) {
            text.append(clean(auth.domain())).append('\t').append(clean(auth.selector())).append('\t')
                    .append(clean(auth.result())).append('\n');
        }
        return text.toString();
    }

    private static List<DmarcReportRow.DkimAuth> dkim(String text) {
        List<DmarcReportRow.DkimAuth> dkim = new ArrayList<>();
        for (String line : text.split("\n")) {
            String[] parts = line.split("\t", -1);
            if (parts.length == 3) {
                dkim.add(new DmarcReportRow.DkimAuth(parts[0], parts[1], parts[2]));
            }
        }
        return dkim;
    }

    private static String clean(String text) {
        return text == null ? "" : text.replace('\t', ' ').replace('\n', ' ').replace('\r', ' ');
    }
}
