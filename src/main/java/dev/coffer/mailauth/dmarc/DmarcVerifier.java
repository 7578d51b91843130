package dev.coffer.mailauth.dmarc;

import dev.coffer.mailauth.arc.ArcResult;
import dev.coffer.mailauth.dkim.DkimResult;
import dev.coffer.mailauth.dmarc.DmarcResult.Code;
import dev.coffer.mailauth.dmarc.DmarcResult.Policy;
import dev.coffer.mailauth.spf.SpfResult;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * DMARC (RFC 7489 §6.6): finds the From domain's policy, checks whether SPF or DKIM passed for a
 * domain aligned with it, and says what this receiver does with the message.
 *
 * <p><b>Local policy override (RFC 7489 §6.7).</b> When DMARC fails but the message carries an
 * ARC chain that validates ({@link ArcResult.Code#PASS}), the disposition becomes
 * {@link Policy#NONE} with the reason {@value #ARC_OVERRIDE}. Coffer trusts <em>any</em> passing
 * ARC chain, not a list of known forwarders: forwarding and mailing lists break SPF and often
 * DKIM, and bouncing such mail hurts users more than the rare forged-but-ARC-sealed message does
 * (the chain still proves which intermediaries handled it, and the results stay in the header).
 * The result code stays {@code fail}, so the filters may still weigh it.
 *
 * <p>The {@code pct=} sampling draws from an injectable {@link RandomGenerator}; mail outside the
 * sample gets the next less strict policy (RFC 7489 §6.6.4).
 */
public final class DmarcVerifier {

    /** The reason of a disposition relaxed because a passing ARC chain vouches for the message. */
    public static final String ARC_OVERRIDE = "arc=pass";
    /** The reason prefix of a disposition relaxed because pct= left the message out of the sample. */
    public static final String SAMPLED_OUT = "sampled out";

    private final PolicyDiscovery discovery;
    private final RandomGenerator random;

    public DmarcVerifier(DmarcDns dns, PublicSuffixList suffixes) {
        this(dns, suffixes, RandomGenerator.getDefault());
    }

    public DmarcVerifier(DmarcDns dns, PublicSuffixList suffixes, RandomGenerator random) {
        this.discovery = new PolicyDiscovery(dns, suffixes);
        this.random = random;
    }

    /**
     * Evaluates one author domain.
     *
     * @param fromDomain the RFC5322.From domain ({@link AuthorDomains}); empty gives a none result
     * @param spf        the SPF result for the MAIL FROM (or HELO) identity; may be null
     * @param dkim       every DKIM signature's result
     * @param arc        the ARC chain's validation; may be null
     */
    public DmarcResult evaluate(String fromDomain, SpfResult spf, List<DkimResult> dkim, ArcResult arc) {
        String domain = fromDomain == null ? "" : PublicSuffixList.normalise(fromDomain);
        if (domain.isEmpty()) {
            return DmarcResult.none("");
        }
        return switch (discovery.discover(domain)) {
            case PolicyDiscovery.Outcome.TempError error ->
                    new DmarcResult(Code.TEMPERROR, domain, Policy.NONE, Policy.NONE, error.reason());
            case PolicyDiscovery.Outcome.NoPolicy none ->
                    new DmarcResult(Code.NONE, domain, Policy.NONE, Policy.NONE, none.reason());
            case PolicyDiscovery.Outcome.Found found -> judge(domain, found, spf, dkim, arc);
        };
    }

    /**
     * Evaluates a whole message: its From field must hold at least one address with a domain, and
     * exactly one From field must exist, else the result is a permerror. With several addresses each
     * domain is evaluated and the strictest outcome wins (RFC 7489 §6.6.1).
     */
    public DmarcResult evaluate(byte[] message, SpfResult spf, List<DkimResult> dkim, ArcResult arc) {
        return switch (AuthorDomains.of(message)) {
            case AuthorDomains.Outcome.Invalid invalid -> permerror(invalid.reason());
            case AuthorDomains.Outcome.Domains found -> {
                List<DmarcResult> results = new ArrayList<>();
                for (String domain : found.domains()) {
                    results.add(evaluate(domain, spf, dkim, arc));
                }
                yield results.stream().max(STRICTNESS).orElseThrow();
            }
        };
    }

    /** RFC 7489 §6.6.1: the message has no single usable RFC5322.From domain. */
    public static DmarcResult permerror(String reason) {
        return new DmarcResult(Code.PERMERROR, "", Policy.NONE, Policy.NONE, reason);
    }

    /** The discovery this verifier uses, for recording reports with the same view of the DNS. */
    public PolicyDiscovery discovery() {
        return discovery;
    }

    private DmarcResult judge(String domain, PolicyDiscovery.Outcome.Found found, SpfResult spf,
                              List<DkimResult> dkim, ArcResult arc) {
        DmarcRecord record = found.record();
        Policy policy = record.policyFor(found.subdomain());
        PublicSuffixList suffixes = discovery.suffixes();
        Optional<String> dkimPass = AlignedResults.dkim(domain, record.dkimAlignment(), dkim, suffixes);
        if (dkimPass.isPresent()) {
            return new DmarcResult(Code.PASS, domain, policy, Policy.NONE, "aligned DKIM pass d=" + dkimPass.get());
        }
        if (AlignedResults.spf(domain, record.spfAlignment(), spf, suffixes)) {
            return new DmarcResult(Code.PASS, domain, policy, Policy.NONE, "aligned SPF pass " + spf.domain());
        }
        Policy disposition = policy;
        String reason = "no aligned SPF or DKIM pass";
        // RFC 7489 §6.6.4: outside the pct= sample, the next less strict policy applies
        if (record.percent() < 100 && policy != Policy.NONE && random.nextInt(100) >= record.percent()) {
            disposition = policy == Policy.REJECT ? Policy.QUARANTINE : Policy.NONE;
            reason = SAMPLED_OUT + " (pct=" + record.percent() + ")";
        }
        // RFC 7489 §6.7: local policy; see the class comment
        if (arc != null && arc.code() == ArcResult.Code.PASS) {
            disposition = Policy.NONE;
            reason = ARC_OVERRIDE;
        }
        return new DmarcResult(Code.FAIL, domain, policy, disposition, reason);
    }

    /** Higher is stricter: the disposition first, then fail over the other codes, pass last. */
    private static final Comparator<DmarcResult> STRICTNESS = Comparator
            .comparingInt((DmarcResult result) -> result.disposition().ordinal())
            .thenComparingInt(result -> switch (result.code()) {
                case PASS -> 0;
                case NONE -> 1;
                case PERMERROR -> 2;
                case TEMPERROR -> 3;
                case FAIL -> 4;
            });
}
