package dev.coffer.mailauth;

import dev.coffer.mailauth.arc.ArcResult;
import dev.coffer.mailauth.arc.ArcVerifier;
import dev.coffer.mailauth.dkim.DkimMessage;
import dev.coffer.mailauth.dkim.DkimResult;
import dev.coffer.mailauth.dkim.DkimVerifier;
import dev.coffer.mailauth.dmarc.DmarcReportLog;
import dev.coffer.mailauth.dmarc.DmarcResult;
import dev.coffer.mailauth.dmarc.DmarcVerifier;
import dev.coffer.mailauth.spf.SpfResult;
import dev.coffer.mailauth.spf.SpfVerifier;
import java.util.List;

/**
 * SPF, DKIM, ARC and DMARC for one inbound message, in the order DMARC needs them (RFC 7489
 * §4.3: SPF and DKIM first, then alignment), with each result recorded for the sender
 * domain's DMARC aggregate report.
 */
public final class InboundAuthenticator implements MessageAuthenticator {

    private final SpfVerifier spf;
    private final DkimVerifier dkim;
    private final ArcVerifier arc;
    private final DmarcVerifier dmarc;
    private final DmarcReportLog reports;

    public InboundAuthenticator(SpfVerifier spf, DkimVerifier dkim, ArcVerifier arc, DmarcVerifier dmarc,
                                DmarcReportLog reports) {
        this.spf = spf;
        this.dkim = dkim;
        this.arc = arc;
        this.dmarc = dmarc;
        this.reports = reports;
    }

    @Override
    public AuthenticationReport authenticate(MessageOrigin origin, byte[] message) {
        SpfResult spfResult = spf.check(origin.client(), origin.heloName(), origin.mailFrom());
        DkimMessage parsed = DkimMessage.parse(message);
        List<DkimResult> dkimResults = dkim.verify(parsed);
        ArcResult arcResult = arc.verify(parsed);
        DmarcResult dmarcResult = dmarc.evaluate(message, spfResult, dkimResults, arcResult);
        AuthenticationReport report = new AuthenticationReport(spfResult, dkimResults, arcResult, dmarcResult);
        reports.record(origin, report);
        return report;
    }
}
