package dev.coffer.dns.check;

import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.net.ssl.X509TrustManager;

/**
 * One TLS listener's certificate and configuration: a chain valid for the name, days to expiry,
 * TLS 1.2/1.3 only (RFC 8996), and no suite without AEAD or forward secrecy (RFC 9325 §4.2).
 */
public final class ListenerCheck {

    /** Certificates that expire sooner than this are a warning: renewal should have happened. */
    public static final Duration EXPIRY_WARNING = Duration.ofDays(14);

    private static final List<String> OBSOLETE = List.of("TLSv1", "TLSv1.1");
    private static final List<String> CURRENT = List.of("TLSv1.2", "TLSv1.3");

    private ListenerCheck() {}

    public static String name(ListenerProbe probe, String aspect) {
        return probe.service() + " " + probe.host() + " " + aspect;
    }

    public static List<Finding> check(ListenerProbe probe, X509TrustManager trust, Instant now) {
        String where = probe.host() + ":" + probe.port();
        if (probe.error() != null) {
            String check = probe.service() + " " + probe.host();
            if (probe.unreachable() && !probe.service().equals("smtp")) {
                return List.of(Finding.warn(check, "nothing answers at " + where + ": " + probe.error(),
                        "Open port " + probe.port() + " if you offer " + probe.service() + " at " + probe.host() + "; otherwise ignore this."));
            }
            return List.of(Finding.fail(check, "no TLS handshake with " + where + ": " + probe.error(),
                    "Make " + where + " accept TLS 1.2 or 1.3 with a certificate for " + probe.host() + "."));
        }
        List<Finding> findings = new ArrayList<>();
        findings.add(certificate(probe, trust, now));
        findings.add(expiry(probe, now));
        findings.add(protocols(probe));
        findings.add(suites(probe));
        return findings;
    }

    static Finding certificate(ListenerProbe probe, X509TrustManager trust, Instant now) {
        String check = name(probe, "certificate");
        X509Certificate leaf = probe.chain().getFirst();
        String fix = "Serve a certificate for " + probe.host() + " from a public CA (ACME) with its intermediates.";
        try {
            // "UNKNOWN" as JSSE passes it for TLS 1.3: no key-exchange-specific key usage check
            trust.checkServerTrusted(probe.chain().toArray(X509Certificate[]::new), "UNKNOWN");
        } catch (CertificateException e) {
            return Finding.fail(check, "the chain does not validate: " + e.getMessage(), fix);
        }
        if (!HostNames.certificateNames(leaf, probe.host())) {
            return Finding.fail(check, "the certificate names " + HostNames.dnsNames(leaf) + ", not " + probe.host(), fix);
        }
        return Finding.pass(check, "valid for " + probe.host() + ", issued by " + leaf.getIssuerX500Principal().getName());
    }

    static Finding expiry(ListenerProbe probe, Instant now) {
        String check = name(probe, "expiry");
        Instant notAfter = probe.chain().getFirst().getNotAfter().toInstant();
        long days = Duration.between(now, notAfter).toDays();
        if (!notAfter.isAfter(now)) {
            return Finding.fail(check, "the certificate expired on " + notAfter, "Renew the certificate of " + probe.host() + " now.");
        }
        if (Duration.between(now, notAfter).compareTo(EXPIRY_WARNING) < 0) {
            return Finding.warn(check, "the certificate expires in " + days + " days (" + notAfter + ")",
                    "Renew the certificate of " + probe.host() + " (check that automatic renewal runs).");
        }
        return Finding.pass(check, "expires in " + days + " days (" + notAfter + ")");
    }

    static Finding protocols(ListenerProbe probe) {
        String check = name(probe, "protocols");
        Map<String, Boolean> accepted = probe.protocols();
        List<String> obsolete = OBSOLETE.stream().filter(p -> Boolean.TRUE.equals(accepted.get(p))).toList();
        List<String> current = CURRENT.stream().filter(p -> Boolean.TRUE.equals(accepted.get(p))).toList();
        List<String> unprobed = OBSOLETE.stream().filter(p -> !accepted.containsKey(p)).toList();
        if (!obsolete.isEmpty()) {
            // RFC 8996 §2-3: TLS 1.0 and 1.1 MUST NOT be used
            return Finding.fail(check, "accepts " + String.join(", ", obsolete) + " (deprecated by RFC 8996)",
                    "Turn off TLS 1.0 and 1.1 on " + probe.host() + ":" + probe.port() + ".");
        }
        if (current.isEmpty()) {
            return Finding.fail(check, "accepts neither TLS 1.2 nor TLS 1.3", "Offer TLS 1.3 and 1.2 on " + probe.host() + ":" + probe.port() + ".");
        }
        if (!unprobed.isEmpty()) {
            return Finding.warn(check, "offers " + String.join(", ", current) + "; " + String.join(", ", unprobed)
                    + " could not be probed (this JVM cannot offer it)", "Run check-domain with a JVM that can offer the old protocols.");
        }
        return Finding.pass(check, "offers " + String.join(", ", current) + " only");
    }

    static Finding suites(ListenerProbe probe) {
        String check = name(probe, "suites");
        if (!probe.weakSuites().isEmpty()) {
            return Finding.fail(check, "accepts suites without AEAD or forward secrecy: " + String.join(", ", probe.weakSuites()),
                    "Allow only ECDHE suites with AES-GCM or ChaCha20-Poly1305 on " + probe.host() + ":" + probe.port() + ".");
        }
        if (probe.suitesSkipped() > 0) {
            return Finding.warn(check, "refused the " + probe.suitesProbed() + " weak suites probed, but "
                            + probe.suitesSkipped() + " were not probed in time",
                    "Run check-domain again with a longer --timeout, or check " + probe.host() + ":" + probe.port() + " with testssl.sh.");
        }
        if (probe.suitesProbed() == 0) {
            return Finding.warn(check, "no weak suite could be offered by this JVM, so none was probed",
                    "Run check-domain with a JVM that still implements CBC and static-RSA suites.");
        }
        return Finding.pass(check, "refused all " + probe.suitesProbed() + " non-AEAD or non-forward-secret suites probed");
    }
}
