package dev.coffer.crypto;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The ACME TLS-ALPN-01 challenge certificates being answered now, by DNS name (RFC 8737 §3):
 * a handshake that offers the {@code acme-tls/1} protocol for one of these names gets its
 * challenge certificate instead of the server's own.
 */
public final class TlsAlpnChallenges {

    /** RFC 8737 §6.2: the ALPN protocol ID of the challenge. */
    public static final String PROTOCOL = "acme-tls/1";

    private final Map<String, CertifiedKey> byName = new ConcurrentHashMap<>();

    public void put(String dnsName, CertifiedKey challengeCertificate) {
        byName.put(normalize(dnsName), challengeCertificate);
    }

    public void remove(String dnsName) {
        byName.remove(normalize(dnsName));
    }

    public Optional<CertifiedKey> find(String dnsName) {
        return Optional.ofNullable(byName.get(normalize(dnsName)));
    }

    private static String normalize(String dnsName) {
        String lower = dnsName.toLowerCase(Locale.ROOT);
        return lower.endsWith(".") ? lower.substring(0, lower.length() - 1) : lower;
    }
}
