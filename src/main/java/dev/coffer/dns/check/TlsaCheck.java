package dev.coffer.dns.check;

import dev.coffer.crypto.TlsaDigest;
import dev.coffer.dns.TlsaLookup.TlsaRecord;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

/**
 * DANE for SMTP (RFC 7672): TLSA records at {@code _25._tcp.MX}, DNSSEC-secure, and at least one
 * of them matching the certificate chain the MX really serves after STARTTLS.
 */
public final class TlsaCheck {

    private static final int SMTP_PORT = 25;

    private TlsaCheck() {}

    public static String name(String mxHost) {
        return "tlsa " + mxHost;
    }

    /** {@code tlsa HOST} for SMTP, {@code tlsa HOST:PORT} for other services. */
    public static String name(String host, int port) {
        return port == SMTP_PORT ? name(host) : name(host) + ":" + port;
    }

    /**
     * @param chain the chain the MX presented (leaf first), or null when none could be had
     * @param chainError why there is no chain
     */
    public static Finding check(String mxHost, Lookup<TlsaRecord> tlsa, List<X509Certificate> chain, String chainError) {
        return check(mxHost, SMTP_PORT, tlsa, chain, chainError);
    }

    /** The same for any TLS service (RFC 7671); on port 25 with the SMTP rules of RFC 7672. */
    public static Finding check(String mxHost, int port, Lookup<TlsaRecord> tlsa, List<X509Certificate> chain, String chainError) {
        String check = name(mxHost, port);
        String owner = "_" + port + "._tcp." + mxHost;
        boolean smtp = port == SMTP_PORT;
        if (tlsa.failed()) {
            return tlsa.failure(check, "TLSA " + owner);
        }
        if (tlsa.records().isEmpty()) {
            return Finding.fail(check, "no TLSA record at " + owner,
                    "Publish \"" + owner + ". IN TLSA 3 1 1 <SHA-256 of the key>\" (`coffer domain dns` prints it) in a signed zone.");
        }
        if (!tlsa.secure()) {
            // RFC 7672 §2.2: TLSA records that are not DNSSEC-validated are ignored by senders
            return Finding.fail(check, "the TLSA records at " + owner + " are not DNSSEC-secure, so senders ignore them",
                    "Sign the zone of " + mxHost + " and publish its DS at the parent.");
        }
        if (chain == null || chain.isEmpty()) {
            return Finding.fail(check, "could not get the certificate " + mxHost + ":" + port + " serves: " + chainError,
                    smtp ? "Make " + mxHost + " offer STARTTLS on port 25." : "Make " + mxHost + " accept TLS on port " + port + ".");
        }
        List<String> matched = new ArrayList<>();
        List<String> other = new ArrayList<>();
        for (TlsaRecord record : tlsa.records()) {
            TlsaMatch.Result result = TlsaMatch.of(record, chain, mxHost, smtp);
            String line = TlsaMatch.presentation(record) + " " + result.why();
            if (result.outcome() == TlsaMatch.Outcome.MATCHES) {
                matched.add(line);
            } else {
                other.add(line);
            }
        }
        if (matched.isEmpty()) {
            return Finding.fail(check, "no TLSA record at " + owner + " matches the certificate " + mxHost + " serves: "
                            + String.join("; ", other),
                    "Publish \"" + owner + ". IN TLSA 3 1 1 " + TlsaDigest.of(chain.getFirst()) + "\" (the served key) before removing stale records.");
        }
        // Records of a pre-published next key (RFC 7671 §8.1) legitimately match nothing yet.
        return Finding.pass(check, String.join("; ", matched) + (other.isEmpty() ? "" : " (also: " + String.join("; ", other) + ")"));
    }
}
