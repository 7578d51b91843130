package dev.coffer.dns.check;

import java.util.List;

/** CAA records (RFC 8659): which CAs may issue certificates for the domain. */
public final class CaaCheck {

    public static final String NAME = "caa";

    private CaaCheck() {}

    /** @param caa CAA records in presentation form ({@code 0 issue "letsencrypt.org"}) */
    public static Finding check(String domain, Lookup<String> caa) {
        if (caa.failed()) {
            return caa.failure(NAME, "CAA " + domain);
        }
        if (caa.records().isEmpty()) {
            return Finding.fail(NAME, "no CAA record at " + domain + ", so any CA may issue for it",
                    "Publish CAA records at " + domain + " naming your CA, e.g. 0 issue \"letsencrypt.org\".");
        }
        List<String> issue = caa.records().stream().filter(r -> r.contains(" issue ") || r.contains(" issuewild ")).toList();
        if (issue.isEmpty()) {
            return Finding.warn(NAME, "CAA records at " + domain + " have no issue tag: " + String.join("; ", caa.records()),
                    "Add 0 issue \"YOUR-CA\" to the CAA records of " + domain + ".");
        }
        return Finding.pass(NAME, String.join("; ", caa.records()));
    }
}
