package dev.coffer.acme;

import dev.coffer.crypto.ServerTls;
import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.shredzone.acme4j.connector.NetworkSettings;
import org.shredzone.acme4j.provider.GenericAcmeProvider;

/** acme4j's generic provider, but trusting only the CA certificates of a PEM file for the directory's HTTPS (test CAs). */
final class TrustingAcmeProvider extends GenericAcmeProvider {

    private final SSLContext trust;

    private TrustingAcmeProvider(SSLContext trust) {
        this.trust = trust;
    }

    static TrustingAcmeProvider of(Path trustedCertificates) throws IOException {
        try {
            List<X509Certificate> certificates = ServerTls.readCertificates(trustedCertificates);
            if (certificates.isEmpty()) {
                throw new IOException("no certificate in " + trustedCertificates + " (acme.trust)");
            }
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            for (int i = 0; i < certificates.size(); i++) {
                store.setCertificateEntry("ca-" + i, certificates.get(i));
            }
            TrustManagerFactory factory = TrustManagerFactory.getInstance("PKIX");
            factory.init(store);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, factory.getTrustManagers(), null);
            return new TrustingAcmeProvider(context);
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot trust " + trustedCertificates + " (acme.trust): " + e.getMessage(), e);
        }
    }

    @Override
    public HttpClient createHttpClient(NetworkSettings settings) {
        return HttpClient.newBuilder()
                .sslContext(trust)
                .connectTimeout(settings.getTimeout())
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build();
    }
}
