package dev.coffer.mailauth.dmarc;

import dev.coffer.mailauth.AuthenticationReport;
import dev.coffer.mailauth.MessageOrigin;
import dev.coffer.mailauth.dkim.DkimResult;
import dev.coffer.mailauth.dmarc.DmarcResult.Code;
import dev.coffer.mailauth.spf.SpfResult;
import dev.coffer.store.DmarcReportRow;
import dev.coffer.store.DmarcReportStore;
import java.time.InstantSource;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Remembers, for the daily aggregate reports (RFC 7489 §7.2), how each inbound message fared
 * against its From domain's DMARC policy: one row of metadata per message (addresses' domains,
 * the client's IP, results and policy), never a subject, a local part or any content.
 *
 * <p>The policy published is looked up again through the same {@link PolicyDiscovery} the verifier
 * used; the DNS resolver caches it, so this costs no query in practice.
 */
public final class DmarcReportLog {

    private static final Logger log = LoggerFactory.getLogger(DmarcReportLog.class);

    /** RFC 7489 appendix C PolicyOverrideType values Coffer uses. */
    public static final String OVERRIDE_LOCAL_POLICY = "local_policy";
    public static final String OVERRIDE_SAMPLED_OUT = "sampled_out";

    private final DmarcReportStore rows;
    private final PolicyDiscovery discovery;
    private final InstantSource clock;

    public DmarcReportLog(DmarcReportStore rows, PolicyDiscovery discovery, InstantSource clock) {
        this.rows = rows;
        this.discovery = discovery;
        this.clock = clock;
    }

    /**
     * Records one evaluated message; does nothing when DMARC found no policy (no From domain,
     * none, temperror, permerror). Never throws: reporting must not stop a delivery.
     *
     * @return whether a row was recorded
     */
    public boolean record(MessageOrigin origin, AuthenticationReport report) {
        DmarcResult dmarc = report.dmarc();
        if (dmarc == null || dmarc.fromDomain().isEmpty()
                || (dmarc.code() != Code.PASS && dmarc.code() != Code.FAIL)) {
            return false;
        }
        try {
            if (!(discovery.discover(dmarc.fromDomain()) instanceof PolicyDiscovery.Outcome.Found found)) {
                log.debug("event=dmarc-report-skipped reason=\"policy no longer found\"");
                return false;
            }
            rows.record(row(origin, report, dmarc, found));
            return true;
        } catch (RuntimeException e) {
            log.warn("event=dmarc-report-record-failed error=\"{}\"", e.getMessage());
            return false;
        }
    }

    private DmarcReportRow row(MessageOrigin origin, AuthenticationReport report, DmarcResult dmarc,
                               PolicyDiscovery.Outcome.Found found) {
        DmarcRecord record = found.record();
        PublicSuffixList suffixes = discovery.suffixes();
        String from = dmarc.fromDomain();
        SpfResult spf = report.spf();
        boolean dkimAligned = AlignedResults.dkim(from, record.dkimAlignment(), report.dkim(), suffixes).isPresent();
        boolean spfAligned = AlignedResults.spf(from, record.spfAlignment(), spf, suffixes);
        String overrideType = "";
        String overrideComment = "";
        if (dmarc.reason().equals(DmarcVerifier.ARC_OVERRIDE)) {
            overrideType = OVERRIDE_LOCAL_POLICY;
            overrideComment = DmarcVerifier.ARC_OVERRIDE;
        } else if (dmarc.reason().startsWith(DmarcVerifier.SAMPLED_OUT)) {
            overrideType = OVERRIDE_SAMPLED_OUT;
        }
        LocalDate day = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        return new DmarcReportRow(day.toString(), found.policyDomain(), from, domainOf(origin.mailFrom()),
                origin.client() == null ? "" : origin.client().getHostAddress(), dmarc.disposition().keyword(),
                dkimAligned, spfAligned, overrideType, overrideComment,
                spf == null || spf.domain() == null ? "" : spf.domain().toLowerCase(Locale.ROOT),
                spf == null ? SpfResult.Code.NONE.keyword() : spf.code().keyword(),
                dkim(report.dkim()), record.policy().keyword(), record.policyFor(true).keyword(),
                record.dkimAlignment().tagValue(), record.spfAlignment().tagValue(), record.percent(),
                record.failureOptions());
    }

    /** RFC 7489 appendix C DKIMAuthResultType: signatures with a domain (others cannot be attributed). */
    private static List<DmarcReportRow.DkimAuth> dkim(List<DkimResult> results) {
        List<DmarcReportRow.DkimAuth> auths = new ArrayList<>();
        for (DkimResult result : results) {
            switch (result) {
                case DkimResult.Pass pass -> auths.add(new DmarcReportRow.DkimAuth(
                        pass.domain().toLowerCase(Locale.ROOT), pass.selector(), "pass"));
                case DkimResult.Fail fail when fail.domain() != null && !fail.domain().isEmpty() ->
                        auths.add(new DmarcReportRow.DkimAuth(fail.domain().toLowerCase(Locale.ROOT),
                                fail.selector() == null ? "" : fail.selector(), "fail"));
                default -> {
                    // temperror, permerror, neutral and none name no domain to report
                }
            }
        }
        return auths;
    }

    /** The domain of an address; the local part is never kept. */
    private static String domainOf(String address) {
        int at = address.lastIndexOf('@');
        return at < 0 ? "" : address.substring(at + 1).toLowerCase(Locale.ROOT);
    }
}
