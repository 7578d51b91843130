package dev.coffer.crypto;

import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * The public keys DANE records pin (RFC 6698 §2.1.2 selector 1): the one in the served certificate,
 * and the one belonging to a private key kept for the next certificate, which has no certificate yet.
 */
public final class TlsPublicKeys {

    private TlsPublicKeys() {}

    /** The public key of the first (leaf) certificate of a PEM chain. */
    public static PublicKey ofCertificate(Path chainPem) throws IOException {
        try {
            List<X509Certificate> chain = ServerTls.readCertificates(chainPem);
            if (chain.isEmpty()) {
                throw new IOException("no certificate found in " + chainPem);
            }
            return chain.getFirst().getPublicKey();
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot read the certificate " + chainPem + ": " + e.getMessage(), e);
        }
    }

    /** The public half of a PEM private key (PKCS#8, or a traditional key pair): EC, RSA, Ed25519 or Ed448. */
    public static PublicKey ofPrivateKey(Path keyPem) throws IOException {
        return PrivateKeys.read(keyPem).getPublic();
    }
}
