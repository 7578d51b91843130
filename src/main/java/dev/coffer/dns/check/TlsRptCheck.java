package dev.coffer.dns.check;

import java.util.List;

/** The TLS reporting record at {@code _smtp._tls} (RFC 8460 §3). */
public final class TlsRptCheck {

    public static final String NAME = "tls-rpt";

    private TlsRptCheck() {}

    public static Finding check(String domain, Lookup<String> txt) {
        String owner = "_smtp._tls." + domain;
        if (txt.failed()) {
            return txt.failure(NAME, "TLS-RPT (TXT " + owner + ")");
        }
        String fix = "Publish one TXT record at " + owner + " such as \"v=TLSRPTv1; rua=mailto:tls-reports@" + domain + "\".";
        // RFC 8460 §3: records not beginning with "v=TLSRPTv1" are ignored; more than one means none
        List<String> records = txt.records().stream().filter(t -> t.startsWith("v=TLSRPTv1")).toList();
        if (records.isEmpty()) {
            return Finding.fail(NAME, "no TLS-RPT record at " + owner, fix);
        }
        if (records.size() > 1) {
            return Finding.fail(NAME, records.size() + " TLS-RPT records at " + owner + ", so senders use none",
                    "Keep exactly one: " + fix);
        }
        String record = records.getFirst();
        String rua = DmarcCheck.tags(record).getOrDefault("rua", "");
        // RFC 8460 §3: rua is a comma-separated list of mailto: or https: URIs
        boolean usable = !rua.isEmpty();
        for (String uri : rua.split(",")) {
            String u = uri.strip();
            usable &= u.startsWith("mailto:") || u.startsWith("https:");
        }
        if (!usable) {
            return Finding.fail(NAME, "\"" + record + "\" has no mailto: or https: rua", fix);
        }
        return Finding.pass(NAME, "\"" + record + "\"");
    }
}
