package dev.coffer.dns.check;

import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

/** Certificate name matching (RFC 6125 §6.4): DNS-IDs, a wildcard only as the whole left-most label. */
final class HostNames {

    private HostNames() {}

    static boolean certificateNames(X509Certificate certificate, String host) {
        String wanted = normalise(host);
        return dnsNames(certificate).stream().map(HostNames::normalise).anyMatch(name -> matches(name, wanted));
    }

    static List<String> dnsNames(X509Certificate certificate) {
        try {
            Collection<List<?>> names = certificate.getSubjectAlternativeNames();
            if (names == null) {
                return List.of();
            }
            // GeneralName type 2 is dNSName (RFC 5280 §4.2.1.6)
            return names.stream().filter(n -> n.size() >= 2 && Integer.valueOf(2).equals(n.get(0)))
                    .map(n -> String.valueOf(n.get(1))).toList();
        } catch (CertificateParsingException e) {
            return List.of();
        }
    }

    private static boolean matches(String pattern, String host) {
        if (pattern.startsWith("*.")) {
            int dot = host.indexOf('.');
            return dot > 0 && host.substring(dot + 1).equals(pattern.substring(2));
        }
        return pattern.equals(host);
    }

    private static String normalise(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return lower.endsWith(".") ? lower.substring(0, lower.length() - 1) : lower;
    }
}
