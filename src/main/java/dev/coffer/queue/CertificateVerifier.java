package dev.coffer.queue;

import dev.coffer.dns.TlsaLookup.TlsaRecord;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.CertificateParsingException;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import javax.security.auth.x500.X500Principal;

/**
 * Checks the certificate chain an MX presented against a {@link TlsRequirement}: TLSA
 * matching for DANE (RFC 7672 §3), PKIX validation and host-name matching for MTA-STS
 * (RFC 8461 §4.2) and REQUIRETLS (RFC 8689 §4.2.1). Failures are named with the RFC 8460
 * §4.3 result types, so that they can be reported as they are.
 */
public final class CertificateVerifier {

    /** Why a chain was not accepted: an RFC 8460 result type and a line for logs and DSNs. */
    public record Failure(String resultType, String detail) {}

    private final Set<TrustAnchor> trustAnchors;

    /** @param trustAnchors the roots PKIX validation accepts (the JDK's by default) */
    public CertificateVerifier(Set<TrustAnchor> trustAnchors) {
        this.trustAnchors = Set.copyOf(trustAnchors);
    }

    /** Trusts the JDK's default trust store (cacerts). */
    public static CertificateVerifier withJdkTrust() {
        try {
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init((KeyStore) null);
            X509TrustManager manager = Arrays.stream(factory.getTrustManagers())
                    .filter(X509TrustManager.class::isInstance).map(X509TrustManager.class::cast)
                    .findFirst().orElseThrow(() -> new IllegalStateException("no X.509 trust manager"));
            return trusting(List.of(manager.getAcceptedIssuers()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot load the JDK trust store: " + e.getMessage(), e);
        }
    }

    /** Trusts exactly these root certificates (tests, private CAs). */
    public static CertificateVerifier trusting(Collection<X509Certificate> roots) {
        return new CertificateVerifier(roots.stream()
                .map(root -> new TrustAnchor(root, null))
                .collect(java.util.stream.Collectors.toSet()));
    }

    /**
     * Checks {@code chain} (leaf first) for {@code requirement}; null when it passes. Requirements
     * that ask for no authentication always pass.
     */
    public Failure check(TlsRequirement requirement, List<X509Certificate> chain, String mxHost, Instant now) {
        if (chain.isEmpty()) {
            return new Failure(TlsReports.CERTIFICATE_NOT_TRUSTED, "the server presented no certificate");
        }
        return switch (requirement) {
            case TlsRequirement.Dane dane -> dane(dane.records(), chain, mxHost, now);
            case TlsRequirement.Verified verified -> pkix(chain, mxHost, now);
            case TlsRequirement.Testing testing -> pkix(chain, mxHost, now);
            case TlsRequirement.Encrypted encrypted -> null;
            case TlsRequirement.Opportunistic opportunistic -> null;
            case TlsRequirement.Refused refused -> new Failure(refused.resultType(), refused.reason());
        };
    }

    private Failure dane(List<TlsaRecord> records, List<X509Certificate> chain, String mxHost, Instant now) {
        X509Certificate leaf = chain.getFirst();
        Failure trustAnchorFailure = null;
        for (TlsaRecord record : records) {
            if (record.usage() == 3) {
                // RFC 7672 §3.1.1: DANE-EE matches the leaf alone; no name, no expiry, no chain checks
                if (matches(record, leaf)) {
                    return null;
                }
            } else if (record.usage() == 2) {
                // RFC 7672 §3.1.2: DANE-TA names a CA in the presented chain; validate up to it, and check the name
                for (int i = 1; i < chain.size(); i++) {
                    if (matches(record, chain.get(i))) {
                        Failure failure = validate(chain.subList(0, i), Set.of(new TrustAnchor(chain.get(i), null)), now);
                        if (failure == null) {
                            failure = nameCheck(leaf, mxHost);
                        }
                        if (failure == null) {
                            return null;
                        }
                        trustAnchorFailure = failure;
                    }
                }
            }
        }
        return trustAnchorFailure != null ? trustAnchorFailure
                : new Failure(TlsReports.VALIDATION_FAILURE, "no TLSA record matches the certificate chain");
    }

    private Failure pkix(List<X509Certificate> chain, String mxHost, Instant now) {
        Failure failure = validate(chain, trustAnchors, now);
        return failure != null ? failure : nameCheck(chain.getFirst(), mxHost);
    }

    /** PKIX path validation from the leaf up to one of {@code anchors}, at {@code now}, without revocation checks. */
    private static Failure validate(List<X509Certificate> chain, Set<TrustAnchor> anchors, Instant now) {
        if (anchors.isEmpty()) {
            return new Failure(TlsReports.CERTIFICATE_NOT_TRUSTED, "no trust anchors configured");
        }
        // A self-signed root at the end of the presented chain is not part of the path to validate.
        List<X509Certificate> path = chain;
        for (TrustAnchor anchor : anchors) {
            X509Certificate last = path.getLast();
            if (path.size() > 1 && anchor.getTrustedCert() != null && anchor.getTrustedCert().equals(last)) {
                path = path.subList(0, path.size() - 1);
                break;
            }
        }
        for (X509Certificate certificate : path) {
            try {
                certificate.checkValidity(Date.from(now));
            } catch (CertificateExpiredException | CertificateNotYetValidException e) {
                return new Failure(TlsReports.CERTIFICATE_EXPIRED, "certificate " + subject(certificate)
                        + " is not valid now (" + certificate.getNotBefore().toInstant() + " to "
                        + certificate.getNotAfter().toInstant() + ")");
            }
        }
        try {
            PKIXParameters parameters = new PKIXParameters(anchors);
            parameters.setRevocationEnabled(false);
            parameters.setDate(Date.from(now));
            CertPathValidator.getInstance("PKIX").validate(
                    CertificateFactory.getInstance("X.509").generateCertPath(path), parameters);
            return null;
        } catch (GeneralSecurityException e) {
            return new Failure(TlsReports.CERTIFICATE_NOT_TRUSTED,
                    "certificate " + subject(chain.getFirst()) + " is not trusted: " + e.getMessage());
        }
    }

    private static Failure nameCheck(X509Certificate leaf, String mxHost) {
        return nameMatches(leaf, mxHost) ? null : new Failure(TlsReports.CERTIFICATE_HOST_MISMATCH,
                "certificate " + subject(leaf) + " does not name " + mxHost);
    }

    /**
     * RFC 6125 §6.4 as RFC 8461 §4.2 and RFC 7672 §3.2.3 apply it: a DNS-ID equal to the host, or
     * a wildcard in the left-most label only matching exactly one label; the CN only when the
     * certificate has no DNS-ID at all.
     */
    static boolean nameMatches(X509Certificate certificate, String host) {
        String wanted = normalise(host);
        List<String> dnsNames = dnsNames(certificate);
        if (dnsNames.isEmpty()) {
            String commonName = commonName(certificate);
            return commonName != null && nameMatches(normalise(commonName), wanted);
        }
        return dnsNames.stream().anyMatch(name -> nameMatches(normalise(name), wanted));
    }

    private static boolean nameMatches(String pattern, String host) {
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

    private static List<String> dnsNames(X509Certificate certificate) {
        try {
            Collection<List<?>> names = certificate.getSubjectAlternativeNames();
            if (names == null) {
                return List.of();
            }
            return names.stream()
                    .filter(entry -> entry.size() >= 2 && Integer.valueOf(2).equals(entry.get(0)))
                    .map(entry -> String.valueOf(entry.get(1)))
                    .toList();
        } catch (CertificateParsingException e) {
            return List.of();
        }
    }

    private static String commonName(X509Certificate certificate) {
        String name = certificate.getSubjectX500Principal().getName(X500Principal.RFC2253);
        for (String part : name.split(",")) {
            if (part.regionMatches(true, 0, "CN=", 0, 3)) {
                return part.substring(3);
            }
        }
        return null;
    }

    /** RFC 6698 §2.1: selector 0 = the whole certificate, 1 = its SubjectPublicKeyInfo; matching 0 = exact, 1 = SHA-256, 2 = SHA-512. */
    static boolean matches(TlsaRecord record, X509Certificate certificate) {
        try {
            byte[] selected = switch (record.selector()) {
                case 0 -> certificate.getEncoded();
                case 1 -> certificate.getPublicKey().getEncoded();
                default -> null;
            };
            if (selected == null) {
                return false;
            }
            byte[] digest = switch (record.matchingType()) {
                case 0 -> selected;
                case 1 -> MessageDigest.getInstance("SHA-256").digest(selected);
                case 2 -> MessageDigest.getInstance("SHA-512").digest(selected);
                default -> null;
            };
            return digest != null && MessageDigest.isEqual(digest, record.data());
        } catch (CertificateEncodingException | java.security.NoSuchAlgorithmException e) {
            return false;
        }
    }

    private static String subject(X509Certificate certificate) {
        return certificate.getSubjectX500Principal().getName(X500Principal.RFC2253);
    }
}
