package dev.coffer.mailauth.dmarc;

/**
 * The DMARC evaluation of one message (RFC 7489 §6.6).
 *
 * @param code        pass when an aligned SPF or DKIM pass exists, fail when the From
 *                    domain publishes a policy and none does, none without a policy
 * @param fromDomain  the RFC5322.From domain that was evaluated, or empty when there was none
 * @param policy      the policy the domain (or its organizational domain's sp=) asks for
 * @param disposition what this receiver does after pct= and local overrides (a passing ARC
 *                    chain from a trusted forwarder may turn reject into none, RFC 7489 §6.7)
 * @param reason      why, for logs and Authentication-Results comments
 */
public record DmarcResult(Code code, String fromDomain, Policy policy, Policy disposition, String reason) {

    public enum Code {
        NONE, PASS, FAIL, TEMPERROR, PERMERROR;

        public String keyword() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** RFC 7489 §6.3, the p= and sp= values. */
    public enum Policy {
        NONE, QUARANTINE, REJECT;

        public String keyword() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public static DmarcResult none(String fromDomain) {
        return new DmarcResult(Code.NONE, fromDomain, Policy.NONE, Policy.NONE, "");
    }
}
