package dev.coffer.crypto;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.util.HexFormat;

/**
 * The digest a TLSA record of usage 3, selector 1, matching type 1 ("3 1 1", RFC 6698 §2.1,
 * RFC 7671 §5.1) carries: SHA-256 of the certificate's DER SubjectPublicKeyInfo.
 */
public final class TlsaDigest {

    private TlsaDigest() {}

    /** Lower-case hex, as in a zone file. */
    public static String of(PublicKey key) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key.getEncoded()));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from the JDK", e);
        }
    }

    public static String of(X509Certificate certificate) {
        return of(certificate.getPublicKey());
    }
}
