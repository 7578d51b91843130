package dev.coffer.acme;

import java.security.PublicKey;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * When the served certificate must be replaced: it expires soon (within {@code renewBefore}, and
 * at 2/3 of its lifetime at the latest, as Let's Encrypt advises), it lacks a name Coffer serves,
 * it is not for the current key, or it does not come from the configured CA.
 */
public record RenewalPolicy(Duration renewBefore) {

    /** The latest point of a certificate's lifetime at which it is renewed. */
    static final double LIFETIME_FRACTION = 2.0 / 3.0;

    /** When a renewal of this certificate is due, whatever else holds. */
    public Instant renewalTime(X509Certificate certificate) {
        Instant notBefore = certificate.getNotBefore().toInstant();
        Instant notAfter = certificate.getNotAfter().toInstant();
        long lifetime = Duration.between(notBefore, notAfter).toSeconds();
        Instant atFraction = notBefore.plusSeconds((long) (lifetime * LIFETIME_FRACTION));
        Instant beforeEnd = notAfter.minus(renewBefore);
        return atFraction.isBefore(beforeEnd) ? atFraction : beforeEnd;
    }

    /** Why the certificate must be replaced now, or empty when it may stay. */
    public Optional<String> reasonToRenew(X509Certificate certificate, Collection<String> names, PublicKey key,
                                          boolean fromConfiguredCa, Instant now) {
        if (!fromConfiguredCa) {
            return Optional.of("not-from-acme-ca");
        }
        if (!Arrays.equals(certificate.getPublicKey().getEncoded(), key.getEncoded())) {
            return Optional.of("key-changed");
        }
        Set<String> missing = new HashSet<>();
        for (String name : names) {
            missing.add(name.toLowerCase(Locale.ROOT));
        }
        missing.removeAll(dnsNames(certificate));
        if (!missing.isEmpty()) {
            return Optional.of("names-missing");
        }
        if (!now.isBefore(renewalTime(certificate))) {
            return Optional.of("expiring");
        }
        return Optional.empty();
    }

    static Set<String> dnsNames(X509Certificate certificate) {
        Set<String> names = new HashSet<>();
        try {
            Collection<List<?>> alternatives = certificate.getSubjectAlternativeNames();
            if (alternatives != null) {
                for (List<?> alternative : alternatives) {
                    // RFC 5280 §4.2.1.6: dNSName is GeneralName choice 2.
                    if (Integer.valueOf(2).equals(alternative.get(0))) {
                        names.add(((String) alternative.get(1)).toLowerCase(Locale.ROOT));
                    }
                }
            }
        } catch (CertificateParsingException e) {
            return Set.of();
        }
        return names;
    }
}
