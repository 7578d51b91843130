package dev.coffer.mailauth;

import dev.coffer.mailauth.arc.ArcResult;
import dev.coffer.mailauth.dkim.DkimResult;
import dev.coffer.mailauth.dmarc.DmarcResult;
import dev.coffer.mailauth.spf.SpfResult;
import java.util.List;

/** Every authentication result for one inbound message (RFC 8601 §2.7 names them). */
public record AuthenticationReport(SpfResult spf, List<DkimResult> dkim, ArcResult arc, DmarcResult dmarc) {

    public AuthenticationReport {
        dkim = List.copyOf(dkim);
    }
}
