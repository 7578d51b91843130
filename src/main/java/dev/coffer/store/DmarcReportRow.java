package dev.coffer.store;

import java.util.List;

/**
 * What a DMARC aggregate report says about one inbound message (RFC 7489 appendix C, the
 * {@code record} element): metadata only, never content.
 *
 * @param day            the UTC day, {@code yyyy-mm-dd}
 * @param policyDomain   where the DMARC record was found (the report goes to its rua)
 * @param headerFrom     the RFC5322.From domain
 * @param envelopeFrom   the RFC5321.MailFrom domain (empty for the null reverse-path)
 * @param sourceIp       the connecting client's address, as text
 * @param disposition    none, quarantine or reject: what this receiver did
 * @param dkimAligned    whether an aligned DKIM pass existed
 * @param spfAligned     whether an aligned SPF pass existed
 * @param overrideType   a PolicyOverrideType (local_policy, sampled_out, ...) or empty
 * @param overrideComment why, or empty
 * @param spfDomain      the domain SPF checked
 * @param spfResult      the SPF result keyword
 * @param dkim           each DKIM signature's domain, selector and result
 * @param policyP        the published p=
 * @param policySp       the published sp= (p= when absent)
 * @param adkim          r or s
 * @param aspf           r or s
 * @param pct            the published pct=
 * @param fo             the published fo=
 */
public record DmarcReportRow(String day, String policyDomain, String headerFrom, String envelopeFrom, String sourceIp,
                             String disposition, boolean dkimAligned, boolean spfAligned, String overrideType,
                             String overrideComment, String spfDomain, String spfResult, List<DkimAuth> dkim,
                             String policyP, String policySp, String adkim, String aspf, int pct,
                             String fo) {

    /** One DKIM signature's outcome, as the report's {@code auth_results/dkim} element has it. */
    public record DkimAuth(String domain, String selector, String result) {}

    public DmarcReportRow {
        dkim = List.copyOf(dkim);
    }
}
