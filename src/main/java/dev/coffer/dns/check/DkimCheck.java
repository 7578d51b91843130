package dev.coffer.dns.check;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * DKIM key records (RFC 6376 §3.6.1) at {@code SELECTOR._domainkey.DOMAIN}. A hosted domain's
 * selectors are known and must all be published; for other domains selectors are not
 * discoverable from DNS, so common ones are tried and finding none is only a warning.
 */
public final class DkimCheck {

    public static final String NAME = "dkim";

    /** Selectors that large providers and common software use; tried when the selectors are unknown. */
    public static final List<String> COMMON_SELECTORS = List.of("default", "dkim", "mail", "selector1", "selector2",
            "google", "k1", "s1", "s2", "ed25519", "rsa");

    private DkimCheck() {}

    /**
     * @param known    whether {@code lookups} holds the domain's real selectors (hosted here or given by
     *                 the operator) rather than guesses
     * @param lookups  TXT lookups by selector, in order
     */
    public static Finding check(String domain, boolean known, Map<String, Lookup<String>> lookups) {
        List<String> found = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, Lookup<String>> entry : lookups.entrySet()) {
            String owner = entry.getKey() + "._domainkey." + domain;
            Lookup<String> txt = entry.getValue();
            if (txt.failed()) {
                problems.add(owner + ": " + (txt.bogus() ? "DNSSEC-bogus: " : "") + txt.error());
                continue;
            }
            String problem = null;
            String key = null;
            for (String record : txt.records()) {
                problem = keyProblem(record);
                if (problem == null) {
                    key = record;
                    break;
                }
            }
            if (key != null) {
                found.add(entry.getKey());
            } else if (known) {
                problems.add(owner + ": " + (txt.records().isEmpty() ? "no record" : problem));
            }
        }
        if (!problems.isEmpty()) {
            return Finding.fail(NAME, String.join("; ", problems),
                    "Publish each DKIM key exactly as `coffer domain dns " + domain + "` (or your provider) prints it.");
        }
        if (found.isEmpty()) {
            return known
                    ? Finding.fail(NAME, "no DKIM selector to check for " + domain, "Create DKIM keys with `coffer domain dkim " + domain + "`.")
                    : Finding.warn(NAME, "no DKIM key at the common selectors (" + String.join(", ", lookups.keySet())
                            + "); the selectors of a domain not hosted here are unknown",
                            "Pass the selector from a signed message's DKIM-Signature s= tag with --dkim-selector.");
        }
        return Finding.pass(NAME, "key published for selector" + (found.size() > 1 ? "s " : " ") + String.join(", ", found));
    }

    /** RFC 6376 §3.6.1: v=DKIM1 first if present, a non-empty p= (empty means revoked). Null when usable. */
    static String keyProblem(String record) {
        Map<String, String> tags = DmarcCheck.tags(record);
        if (tags.containsKey("v") && !record.strip().startsWith("v=DKIM1")) {
            return "v= is not DKIM1 or not the first tag";
        }
        String p = tags.get("p");
        if (p == null) {
            return "no p= tag";
        }
        if (p.isBlank()) {
            return "the key is revoked (empty p=)";
        }
        return null;
    }
}
