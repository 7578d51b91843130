package dev.coffer.dns.check;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The domain's MX records (RFC 5321 §5.1): present, not a null MX, each host resolvable. */
public final class MxCheck {

    public static final String NAME = "mx";

    private MxCheck() {}

    /** @param addresses each MX host's A and AAAA lookups, merged */
    public static Finding check(String domain, Lookup<MxHost> mx, Map<String, Lookup<String>> addresses) {
        if (mx.failed()) {
            return mx.failure(NAME, "MX " + domain);
        }
        String fix = "Publish an MX record at " + domain + " naming your mail host, e.g. \"10 mail." + domain + ".\".";
        if (mx.records().isEmpty()) {
            return Finding.fail(NAME, "no MX record at " + domain, fix);
        }
        // RFC 7505 §3: a single MX with an empty exchange ("0 .") says the domain accepts no mail
        if (mx.records().stream().anyMatch(r -> r.host().isEmpty())) {
            return Finding.fail(NAME, domain + " publishes a null MX: it accepts no mail", fix);
        }
        List<String> problems = new ArrayList<>();
        List<String> hosts = new ArrayList<>();
        for (MxHost record : mx.records()) {
            Lookup<String> address = addresses.get(record.host());
            if (address == null || address.failed()) {
                problems.add(record.host() + " (" + (address == null ? "not looked up" : address.error()) + ")");
            } else if (address.records().isEmpty()) {
                problems.add(record.host() + " (no A or AAAA record)");
            } else {
                hosts.add(record.preference() + " " + record.host() + " " + String.join(",", address.records()));
            }
        }
        if (!problems.isEmpty()) {
            return Finding.fail(NAME, "MX hosts that do not resolve: " + String.join("; ", problems),
                    "Give every MX host an A or AAAA record, or remove the MX record.");
        }
        return Finding.pass(NAME, String.join("; ", hosts));
    }
}
