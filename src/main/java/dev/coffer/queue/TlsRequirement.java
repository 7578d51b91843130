package dev.coffer.queue;

import dev.coffer.dns.MtaStsPolicy;
import dev.coffer.dns.TlsaLookup.TlsaRecord;
import java.util.List;

/** What the TLS session with one MX host must be, as {@link TlsPolicy} decided it. */
public sealed interface TlsRequirement {

    /** RFC 7672 §3: STARTTLS required; the peer's chain must match one of these TLSA records. */
    record Dane(List<TlsaRecord> records) implements TlsRequirement {
        public Dane {
            records = List.copyOf(records);
        }
    }

    /** RFC 7672 §2.2: TLSA records were published but none is usable: STARTTLS required, not authenticated. */
    record Encrypted() implements TlsRequirement {}

    /**
     * RFC 8461 §4.2 (policy {@code enforce}), or RFC 8689 REQUIRETLS without a policy (then
     * {@code policy} is null or a {@code testing} policy): STARTTLS required; the chain must
     * be PKIX-valid and name the MX host.
     */
    record Verified(MtaStsPolicy policy) implements TlsRequirement {}

    /** RFC 8461 §5 {@code testing}: try as {@link Verified} and report failures, but deliver anyway. */
    record Testing(MtaStsPolicy policy) implements TlsRequirement {}

    /** RFC 3207 / RFC 7435: STARTTLS when offered, no authentication, clear text otherwise. */
    record Opportunistic() implements TlsRequirement {}

    /** Do not connect to this host at all (an enforced policy excludes it); try later or another host. */
    record Refused(String reason, String policyType, MtaStsPolicy policy, String resultType) implements TlsRequirement {}

    /** Whether a session that meets this requirement is authenticated TLS, as REQUIRETLS demands (RFC 8689 §4.2.1). */
    default boolean authenticated() {
        return this instanceof Dane || this instanceof Verified;
    }

    /** Whether the message must not go out in clear text under this requirement. */
    default boolean tlsMandatory() {
        return this instanceof Dane || this instanceof Encrypted || this instanceof Verified;
    }

    /** The RFC 8460 §4.3 policy-type this requirement reports under. */
    default String policyType() {
        return switch (this) {
            case Dane dane -> TlsReports.POLICY_TLSA;
            case Encrypted encrypted -> TlsReports.POLICY_TLSA;
            case Verified verified -> verified.policy() == null ? TlsReports.POLICY_NONE : TlsReports.POLICY_STS;
            case Testing testing -> TlsReports.POLICY_STS;
            case Opportunistic opportunistic -> TlsReports.POLICY_NONE;
            case Refused refused -> refused.policyType();
        };
    }
}
