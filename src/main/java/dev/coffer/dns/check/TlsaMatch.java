package dev.coffer.dns.check;

import dev.coffer.dns.TlsaLookup.TlsaRecord;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.List;

/** Whether one TLSA record matches a presented chain, as an SMTP client would decide (RFC 7672 §3.1). */
final class TlsaMatch {

    enum Outcome { MATCHES, DOES_NOT_MATCH, UNUSABLE }

    record Result(Outcome outcome, String why) {}

    private TlsaMatch() {}

    /** @param smtp apply RFC 7672 (SMTP): PKIX usages are unusable rather than merely unchecked */
    static Result of(TlsaRecord record, List<X509Certificate> chain, String host, boolean smtp) {
        if (record.selector() > 1 || record.matchingType() > 2) {
            return new Result(Outcome.UNUSABLE, "selector " + record.selector() + " / matching type "
                    + record.matchingType() + " is not defined (RFC 6698 §2.1)");
        }
        return switch (record.usage()) {
            // RFC 7672 §3.1.1: DANE-EE matches the leaf alone; no name, chain or expiry checks
            case 3 -> matches(record, chain.getFirst())
                    ? new Result(Outcome.MATCHES, "matches the server's certificate")
                    : new Result(Outcome.DOES_NOT_MATCH, "does not match the server's certificate");
            case 2 -> trustAnchor(record, chain, host);
            // RFC 7672 §3.1.3: PKIX-TA(0) and PKIX-EE(1) are not for SMTP; senders treat them as unusable
            default -> new Result(Outcome.UNUSABLE, smtp
                    ? "usage " + record.usage() + " (PKIX) is unusable for SMTP (RFC 7672 §3.1.3)"
                    : "usage " + record.usage() + " (PKIX) is not checked here; publish 3 1 1 or 2 x x");
        };
    }

    /**
     * RFC 7672 §3.1.2, RFC 7671 §5.2: DANE-TA names a CA certificate that the server includes in its chain;
     * the chain must be signed up to it, and the leaf must name the host. A trust anchor the server does not
     * send (a bare "2 1 0" key) is not supported here.
     */
    private static Result trustAnchor(TlsaRecord record, List<X509Certificate> chain, String host) {
        for (int i = 1; i < chain.size(); i++) {
            if (!matches(record, chain.get(i))) {
                continue;
            }
            try {
                for (int k = 0; k < i; k++) {
                    chain.get(k).verify(chain.get(k + 1).getPublicKey());
                }
            } catch (GeneralSecurityException e) {
                return new Result(Outcome.DOES_NOT_MATCH, "names certificate " + i + " of the chain, but the chain below it does not verify");
            }
            if (!HostNames.certificateNames(chain.getFirst(), host)) {
                return new Result(Outcome.DOES_NOT_MATCH, "names a CA in the chain, but the certificate does not name " + host
                        + " (RFC 7672 §3.2.3)");
            }
            return new Result(Outcome.MATCHES, "matches CA certificate " + i + " of the chain");
        }
        return new Result(Outcome.DOES_NOT_MATCH, "matches no CA certificate the server sends"
                + (record.selector() == 1 && record.matchingType() == 0 ? " (a trust anchor key not sent in the chain is not supported)" : ""));
    }

    /** RFC 6698 §2.1.2-2.1.3: selector 0 = whole certificate, 1 = SubjectPublicKeyInfo; matching 0 = exact, 1 = SHA-256, 2 = SHA-512. */
    static boolean matches(TlsaRecord record, X509Certificate certificate) {
        try {
            byte[] selected = record.selector() == 0 ? certificate.getEncoded() : certificate.getPublicKey().getEncoded();
            byte[] value = switch (record.matchingType()) {
                case 1 -> MessageDigest.getInstance("SHA-256").digest(selected);
                case 2 -> MessageDigest.getInstance("SHA-512").digest(selected);
                default -> selected;
            };
            return MessageDigest.isEqual(value, record.data());
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    static String presentation(TlsaRecord record) {
        String hex = HexFormat.of().formatHex(record.data());
        return record.usage() + " " + record.selector() + " " + record.matchingType() + " "
                + (hex.length() > 16 ? hex.substring(0, 16) + "…" : hex);
    }
}
