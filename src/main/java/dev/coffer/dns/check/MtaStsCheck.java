package dev.coffer.dns.check;

import dev.coffer.dns.MtaStsParser;
import dev.coffer.dns.MtaStsPolicy;
import java.util.List;
import java.util.Optional;

/**
 * MTA-STS (RFC 8461): the {@code _mta-sts} TXT record, the policy fetched over HTTPS from
 * {@code mta-sts.DOMAIN}, mode enforce, and every MX host matching one of the policy's mx patterns.
 */
public final class MtaStsCheck {

    public static final String NAME = "mta-sts";

    /** The policy fetch's outcome: a policy, or why there is none. */
    public record Fetch(MtaStsPolicy policy, String error) {
        public static Fetch of(MtaStsPolicy policy) {
            return new Fetch(policy, null);
        }

        public static Fetch failed(String error) {
            return new Fetch(null, error);
        }
    }

    private MtaStsCheck() {}

    /** The policy id announced by the TXT records, for the caller to fetch; empty when none is valid. */
    public static Optional<String> policyId(Lookup<String> txt) {
        return txt.failed() ? Optional.empty() : MtaStsParser.policyId(txt.records());
    }

    /** @param fetch null when no fetch was made (no valid TXT record) */
    public static Finding check(String domain, Lookup<String> txt, Fetch fetch, List<MxHost> mx) {
        String owner = "_mta-sts." + domain;
        if (txt.failed()) {
            return txt.failure(NAME, "MTA-STS (TXT " + owner + ")");
        }
        Optional<String> id = policyId(txt);
        if (id.isEmpty()) {
            boolean any = txt.records().stream().anyMatch(t -> t.startsWith("v=STSv1"));
            return Finding.fail(NAME, any ? "the record at " + owner + " is not one valid \"v=STSv1; id=...\""
                            : "no MTA-STS record at " + owner,
                    "Publish one TXT record at " + owner + " \"v=STSv1; id=<new id per policy change>\" and serve the policy at https://mta-sts."
                            + domain + "/.well-known/mta-sts.txt.");
        }
        if (fetch == null || fetch.policy() == null) {
            return Finding.fail(NAME, "the policy announced by id=" + id.get() + " could not be fetched: "
                            + (fetch == null ? "not fetched" : fetch.error()),
                    "Serve the policy as text/plain at https://mta-sts." + domain
                            + "/.well-known/mta-sts.txt with a certificate valid for mta-sts." + domain + ".");
        }
        MtaStsPolicy policy = fetch.policy();
        List<String> unmatched = mx.stream().map(MxHost::host).filter(host -> !policy.matches(host)).toList();
        if (policy.mode() == MtaStsPolicy.Mode.NONE) {
            return Finding.fail(NAME, "the policy (id=" + id.get() + ") has mode none", "Set mode: enforce in the policy and change the id.");
        }
        if (!unmatched.isEmpty()) {
            return Finding.fail(NAME, "MX host" + (unmatched.size() > 1 ? "s " : " ") + String.join(", ", unmatched)
                            + " not matched by the policy's mx " + String.join(", ", policy.mxPatterns()),
                    "List every MX host in the policy's mx lines (and change the id in " + owner + ").");
        }
        if (policy.mode() == MtaStsPolicy.Mode.TESTING) {
            return Finding.warn(NAME, "the policy (id=" + id.get() + ") is in mode testing: senders report but still deliver",
                    "Set mode: enforce in the policy and change the id in " + owner + ".");
        }
        return Finding.pass(NAME, "id=" + id.get() + ", mode enforce, mx " + String.join(", ", policy.mxPatterns())
                + ", max_age " + policy.maxAge().toSeconds());
    }
}
