package dev.coffer.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DmarcReportStoreTest {

    @TempDir
    Path data;

    private Store store;
    private DmarcReportStore rows;

    @BeforeEach
    void open() throws Exception {
        store = Store.open(data);
        rows = store.dmarcReports();
    }

    @AfterEach
    void close() {
        store.close();
    }

    private static DmarcReportRow row(String day, String domain, String ip, String p) {
        return new DmarcReportRow(day, domain, "mail." + domain, "bounces." + domain, ip, "none", true, false,
                "", "", "bounces." + domain, "pass", List.of(new DmarcReportRow.DkimAuth(domain, "s1", "pass"),
                new DmarcReportRow.DkimAuth("other.example", "s\t2", "fail")), p, p, "r", "s", 100, "0");
    }

    @Test
    void keepsEveryFieldOfARow() {
        DmarcReportRow row = row("2026-04-01", "example.com", "192.0.2.1", "reject");

        rows.record(row);

        DmarcReportRow read = rows.rows("2026-04-01", "example.com").getFirst();
        assertThat(read).usingRecursiveComparison().ignoringFields("dkim").isEqualTo(row);
        assertThat(read.dkim()).containsExactly(new DmarcReportRow.DkimAuth("example.com", "s1", "pass"),
                new DmarcReportRow.DkimAuth("other.example", "s 2", "fail"));
    }

    @Test
    void countsIdenticalRowsTogetherNewestGroupLast() {
        rows.record(row("2026-04-01", "example.com", "192.0.2.1", "reject"));
        rows.record(row("2026-04-01", "example.com", "192.0.2.1", "reject"));
        rows.record(row("2026-04-01", "example.com", "192.0.2.9", "reject"));
        rows.record(row("2026-04-01", "example.com", "192.0.2.1", "quarantine"));
        rows.record(row("2026-04-01", "other.example", "192.0.2.1", "reject"));

        List<DmarcReportCount> counts = rows.counts("2026-04-01", "example.com", 100);

        assertThat(counts).extracting(count -> count.row().sourceIp() + " " + count.row().policyP() + " " + count.messages())
                .containsExactly("192.0.2.1 reject 2", "192.0.2.9 reject 1", "192.0.2.1 quarantine 1");
        assertThat(rows.counts("2026-04-01", "example.com", 1)).hasSize(1);
        assertThat(rows.policyDomains("2026-04-01")).containsExactly("example.com", "other.example");
    }

    @Test
    void deletesOneDomainsDayOrEverythingBefore() {
        rows.record(row("2026-03-31", "example.com", "192.0.2.1", "reject"));
        rows.record(row("2026-04-01", "example.com", "192.0.2.1", "reject"));
        rows.record(row("2026-04-01", "other.example", "192.0.2.1", "reject"));

        rows.delete("2026-04-01", "example.com");
        assertThat(rows.policyDomains("2026-04-01")).containsExactly("other.example");

        rows.deleteBefore("2026-04-01");
        assertThat(rows.policyDomains("2026-03-31")).isEmpty();
        assertThat(rows.policyDomains("2026-04-01")).containsExactly("other.example");
    }
}
