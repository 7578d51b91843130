package dev.coffer.dns.check;

import dev.coffer.crypto.CertificateAuthority;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.List;

/** A demo CA and a certificate it issued for some names: the chain a server would present. */
record TestCertificates(List<X509Certificate> chain, Path caFile) {

    static TestCertificates issue(Path directory, String... names) throws Exception {
        CertificateAuthority.createDemo(directory, List.of(names));
        try (InputStream in = Files.newInputStream(directory.resolve("tls/cert.pem"))) {
            List<X509Certificate> chain = CertificateFactory.getInstance("X.509").generateCertificates(in).stream()
                    .map(X509Certificate.class::cast).toList();
            return new TestCertificates(chain, directory.resolve("ca.pem"));
        }
    }

    X509Certificate leaf() {
        return chain.getFirst();
    }

    X509Certificate ca() {
        return chain.get(1);
    }
}
