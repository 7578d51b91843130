package dev.coffer.mailauth.dmarc;

import dev.coffer.store.DmarcReportRow;
import java.util.List;

/** Report rows for tests. */
final class ReportRows {

    private ReportRows() {}

    static DmarcReportRow row(String day, String policyDomain, String sourceIp, String disposition) {
        return new DmarcReportRow(day, policyDomain, policyDomain, "bounces." + policyDomain, sourceIp, disposition,
                !disposition.equals("reject"), false, "", "", "bounces." + policyDomain, "pass",
                List.of(new DmarcReportRow.DkimAuth(policyDomain, "sel", "pass")), "reject", "reject", "r", "r", 100, "0");
    }
}
