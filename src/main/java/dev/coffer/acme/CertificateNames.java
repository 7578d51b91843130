package dev.coffer.acme;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The names Coffer's one certificate covers: the hostname, and for each hosted domain the hosts its
 * clients reach over HTTPS: {@code mta-sts.} (RFC 8461 §3.3), {@code autoconfig.} (Thunderbird's
 * autoconfiguration) and {@code openpgpkey.} (WKD's advanced method).
 */
public final class CertificateNames {

    static final List<String> PER_DOMAIN_PREFIXES = List.of("mta-sts.", "autoconfig.", "openpgpkey.");

    private CertificateNames() {}

    public static List<String> of(String hostname, List<String> hostedDomains) {
        Set<String> names = new LinkedHashSet<>();
        names.add(hostname.toLowerCase(Locale.ROOT));
        for (String domain : hostedDomains) {
            for (String prefix : PER_DOMAIN_PREFIXES) {
                names.add(prefix + domain.toLowerCase(Locale.ROOT));
            }
        }
        return new ArrayList<>(names);
    }
}
