package dev.coffer.dns.check;

import java.util.List;
import java.util.function.Function;

/**
 * What a validating lookup gave: records (in presentation form) and whether they were
 * DNSSEC-secure, or why it failed (bogus, SERVFAIL, timeout).
 *
 * @param records the record data, empty for NXDOMAIN and NODATA
 * @param secure  the answer (or the proof that there is none) validated
 * @param error   why the lookup failed, or null
 * @param bogus   the failure was a DNSSEC validation failure
 */
public record Lookup<T>(List<T> records, boolean secure, String error, boolean bogus) {

    public static <T> Lookup<T> of(List<T> records, boolean secure) {
        return new Lookup<>(List.copyOf(records), secure, null, false);
    }

    public static <T> Lookup<T> failed(String error, boolean bogus) {
        return new Lookup<>(List.of(), false, error, bogus);
    }

    /** The same outcome with each record converted. */
    public <U> Lookup<U> map(Function<T, U> convert) {
        return failed() ? failed(error, bogus) : of(records.stream().map(convert).toList(), secure);
    }

    public boolean failed() {
        return error != null;
    }

    /** A failed lookup as a finding: bogus answers and resolver failures both fail the check. */
    public Finding failure(String check, String what) {
        if (bogus) {
            return Finding.fail(check, "the " + what + " answer is DNSSEC-bogus: " + error,
                    "Re-sign the zone so that " + what + " has a valid RRSIG (check signature expiry and the DS at the parent).");
        }
        return Finding.fail(check, "the " + what + " lookup failed: " + error,
                "Check that the resolver answers, then that the domain's name servers answer for " + what + ".");
    }
}
