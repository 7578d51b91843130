package dev.coffer.filter;

import dev.coffer.mailauth.AuthenticationReport;
import dev.coffer.mailauth.dkim.DkimResult;
import dev.coffer.mailauth.dmarc.DmarcResult;
import dev.coffer.mailauth.spf.SpfResult;
import java.util.ArrayList;
import java.util.List;

/** Points for what SPF, DKIM and DMARC said about the message. */
final class AuthenticationRules {

    static final double SPF_FAIL = 2.0;
    static final double SPF_SOFTFAIL = 1.0;
    static final double DKIM_FAIL = 1.5;
    static final double DMARC_FAIL = 3.5;
    static final double NO_AUTHENTICATION_PASSES = 1.0;

    private AuthenticationRules() {}

    static List<RuleHit> score(AuthenticationReport report) {
        List<RuleHit> hits = new ArrayList<>();
        if (report == null) {
            return hits;
        }
        SpfResult.Code spf = report.spf() == null ? SpfResult.Code.NONE : report.spf().code();
        boolean dkimPass = report.dkim().stream()
                .anyMatch(result -> result instanceof DkimResult.Pass pass && !pass.bodyLengthLimited());
        boolean dkimFail = report.dkim().stream().anyMatch(result -> result instanceof DkimResult.Fail);
        DmarcResult.Code dmarc = report.dmarc() == null ? DmarcResult.Code.NONE : report.dmarc().code();
        switch (spf) {
            case FAIL -> hits.add(new RuleHit("SPF_FAIL", SPF_FAIL));
            case SOFTFAIL -> hits.add(new RuleHit("SPF_SOFTFAIL", SPF_SOFTFAIL));
            default -> { }
        }
        if (dkimFail && !dkimPass) {
            hits.add(new RuleHit("DKIM_FAIL", DKIM_FAIL));
        }
        if (dmarc == DmarcResult.Code.FAIL) {
            hits.add(new RuleHit("DMARC_FAIL", DMARC_FAIL));
        }
        if (spf != SpfResult.Code.PASS && !dkimPass && dmarc != DmarcResult.Code.PASS) {
            hits.add(new RuleHit("NO_AUTHENTICATION_PASSES", NO_AUTHENTICATION_PASSES));
        }
        return hits;
    }
}
