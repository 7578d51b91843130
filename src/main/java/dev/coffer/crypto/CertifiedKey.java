package dev.coffer.crypto;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;

/** A private key and the certificate chain (leaf first) that certifies its public key. */
public record CertifiedKey(PrivateKey key, List<X509Certificate> chain) {

    public CertifiedKey {
        chain = List.copyOf(chain);
        if (chain.isEmpty()) {
            throw new IllegalArgumentException("a certified key needs at least one certificate");
        }
    }

    public X509Certificate leaf() {
        return chain.getFirst();
    }
}
