package dev.coffer.dns.check;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The {@code _dmarc} record (RFC 7489 §6.3): one record, p=reject or quarantine, with rua. */
public final class DmarcCheck {

    public static final String NAME = "dmarc";

    private DmarcCheck() {}

    public static Finding check(String domain, Lookup<String> txt) {
        String owner = "_dmarc." + domain;
        if (txt.failed()) {
            return txt.failure(NAME, "DMARC (TXT " + owner + ")");
        }
        String fix = "Publish one TXT record at " + owner + " such as \"v=DMARC1; p=reject; rua=mailto:dmarc@" + domain + "\".";
        // RFC 7489 §6.6.3: records not starting with "v=DMARC1" are discarded; more than one means none
        List<String> records = txt.records().stream().filter(t -> t.strip().startsWith("v=DMARC1")).toList();
        if (records.isEmpty()) {
            return Finding.fail(NAME, "no DMARC record at " + owner, fix);
        }
        if (records.size() > 1) {
            return Finding.fail(NAME, records.size() + " DMARC records at " + owner + ", so receivers apply none",
                    "Keep exactly one: " + fix);
        }
        String record = records.getFirst();
        Map<String, String> tags = tags(record);
        String policy = tags.getOrDefault("p", "").toLowerCase(Locale.ROOT);
        if (!policy.equals("reject") && !policy.equals("quarantine")) {
            return Finding.fail(NAME, "\"" + record + "\" has p=" + (policy.isEmpty() ? "(missing)" : policy)
                    + ", so receivers deliver forged mail", "Set p=reject (or p=quarantine) in " + owner + ".");
        }
        if (!tags.containsKey("rua")) {
            return Finding.warn(NAME, "\"" + record + "\" has no rua, so nobody receives aggregate reports",
                    "Add rua=mailto:dmarc@" + domain + " to " + owner + ".");
        }
        String pct = tags.getOrDefault("pct", "100");
        if (!pct.equals("100")) {
            return Finding.warn(NAME, "\"" + record + "\" applies p=" + policy + " to only " + pct + "% of mail",
                    "Remove pct= (or set pct=100) in " + owner + ".");
        }
        return Finding.pass(NAME, "\"" + record + "\"");
    }

    /** RFC 7489 §6.4: tag=value pairs separated by ";". */
    static Map<String, String> tags(String record) {
        Map<String, String> tags = new LinkedHashMap<>();
        for (String part : record.split(";")) {
            int equals = part.indexOf('=');
            if (equals > 0) {
                tags.putIfAbsent(part.substring(0, equals).strip().toLowerCase(Locale.ROOT), part.substring(equals + 1).strip());
            }
        }
        return tags;
    }
}
