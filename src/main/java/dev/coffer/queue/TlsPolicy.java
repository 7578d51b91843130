package dev.coffer.queue;

import dev.coffer.dns.MtaStsPolicy;
import dev.coffer.dns.MxLookup;
import dev.coffer.dns.TlsaLookup;
import dev.coffer.dns.TlsaLookup.TlsaRecord;
import java.util.List;
import java.util.Optional;

/**
 * Decides the strictest TLS that the recipient domain's published policy allows for one MX
 * host: DANE (RFC 7672) first, then MTA-STS (RFC 8461), then opportunistic STARTTLS; a
 * REQUIRETLS message (RFC 8689) never goes below authenticated TLS. A pure function of
 * what DNS and the policy fetch returned.
 */
public final class TlsPolicy {

    private TlsPolicy() {}

    /**
     * @param mx         the domain's MX lookup (its {@code dnssecValid} gates DANE)
     * @param mxHost     the MX host about to be tried
     * @param tlsa       the TLSA lookup for {@code _port._tcp.mxHost}, or null if none was made
     * @param stsPolicy  the domain's MTA-STS policy, if it publishes one
     * @param requireTls RFC 8689 REQUIRETLS, or the sender's "TLS required" setting
     */
    public static TlsRequirement decide(MxLookup mx, String mxHost, TlsaLookup tlsa,
                                        Optional<MtaStsPolicy> stsPolicy, boolean requireTls) {
        // RFC 7672 §2.2: DANE applies only when both the MX RRset and the TLSA RRset are DNSSEC-validated
        if (mx.dnssecValid() && tlsa != null && tlsa.dnssecValid() && !tlsa.records().isEmpty()) {
            List<TlsaRecord> usable = tlsa.records().stream().filter(TlsPolicy::usable).toList();
            if (!usable.isEmpty()) {
                return new TlsRequirement.Dane(usable);
            }
            // RFC 7672 §2.2: all records unusable → encrypt, but without authentication
            if (!requireTls) {
                return new TlsRequirement.Encrypted();
            }
        }
        MtaStsPolicy policy = stsPolicy.orElse(null);
        if (policy != null && policy.mode() == MtaStsPolicy.Mode.ENFORCE) {
            // RFC 8461 §4.1: a host that matches no "mx" pattern is not a valid MX under an enforced policy
            if (!policy.matches(mxHost)) {
                return new TlsRequirement.Refused("MX host " + mxHost + " is not allowed by the MTA-STS policy",
                        TlsReports.POLICY_STS, policy, TlsReports.VALIDATION_FAILURE);
            }
            return new TlsRequirement.Verified(policy);
        }
        if (requireTls) {
            // RFC 8689 §4.2.1: the certificate must be valid and name the MX host
            return new TlsRequirement.Verified(policy != null && policy.mode() == MtaStsPolicy.Mode.TESTING ? policy : null);
        }
        if (policy != null && policy.mode() == MtaStsPolicy.Mode.TESTING) {
            return new TlsRequirement.Testing(policy);
        }
        return new TlsRequirement.Opportunistic();
    }

    /**
     * RFC 7672 §3.1: only DANE-TA(2) and DANE-EE(3) apply to SMTP; PKIX-TA(0) and PKIX-EE(1)
     * are unusable. Selectors 0/1 and matching types 0/1/2 are the ones RFC 6698 defines.
     */
    static boolean usable(TlsaRecord record) {
        return (record.usage() == 2 || record.usage() == 3)
                && (record.selector() == 0 || record.selector() == 1)
                && record.matchingType() >= 0 && record.matchingType() <= 2
                && record.data() != null && record.data().length > 0;
    }
}
