package dev.coffer.dns.check;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.List;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/** The roots the certificate checks trust: the JDK's, plus any given CA files (private or test CAs). */
public final class CheckTrust {

    private final X509TrustManager manager;

    private CheckTrust(X509TrustManager manager) {
        this.manager = manager;
    }

    /** @param caFiles PEM files of extra root certificates */
    public static CheckTrust of(List<Path> caFiles) throws IOException {
        try {
            KeyStore roots = KeyStore.getInstance(KeyStore.getDefaultType());
            roots.load(null, null);
            int n = 0;
            for (X509Certificate root : defaultManager(null).getAcceptedIssuers()) {
                roots.setCertificateEntry("jdk-" + n++, root);
            }
            CertificateFactory factory = CertificateFactory.getInstance("X.509");
            for (Path file : caFiles) {
                try (InputStream in = Files.newInputStream(file)) {
                    for (Certificate certificate : factory.generateCertificates(in)) {
                        roots.setCertificateEntry("file-" + n++, certificate);
                    }
                }
            }
            return new CheckTrust(defaultManager(roots));
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot load the trusted CA certificates: " + e.getMessage(), e);
        }
    }

    public X509TrustManager manager() {
        return manager;
    }

    private static X509TrustManager defaultManager(KeyStore roots) throws GeneralSecurityException {
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(roots);
        return Arrays.stream(factory.getTrustManagers()).filter(X509TrustManager.class::isInstance)
                .map(X509TrustManager.class::cast).findFirst()
                .orElseThrow(() -> new GeneralSecurityException("no X.509 trust manager"));
    }
}
