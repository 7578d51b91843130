package dev.coffer.testing;

import dev.coffer.crypto.CertificateAuthority;
import dev.coffer.crypto.ServerTls;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

/** TLS for tests: a demo CA's server side, and client contexts that trust only a test CA. */
public final class TestTls {

    private TestTls() {}

    /** Creates a demo CA in {@code directory} ({@code ca.pem}, {@code tls/}) and loads its localhost certificate. */
    public static ServerTls serverTls(Path directory) throws IOException {
        return serverTls(directory, List.of("localhost"));
    }

    /** Creates a demo CA in {@code directory} ({@code ca.pem}, {@code tls/}) and loads its certificate for these names. */
    public static ServerTls serverTls(Path directory, List<String> hostnames) throws IOException {
        CertificateAuthority.createDemo(directory, hostnames);
        return ServerTls.load(directory.resolve("tls/cert.pem"), directory.resolve("tls/key.pem"));
    }

    /** A client context that trusts only the (first) certificate in a PEM file, such as a demo CA's {@code ca.pem}. */
    public static SSLContext clientTrusting(Path caPem) throws Exception {
        try (InputStream in = Files.newInputStream(caPem)) {
            return clientTrusting(CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
    }

    /** TLS as a client over an open connection to localhost (STARTTLS, or implicit TLS on a connected socket), handshaken. */
    public static SSLSocket handshake(SSLContext context, Socket connection) throws IOException {
        SSLSocket tls = (SSLSocket) context.getSocketFactory()
                .createSocket(connection, "localhost", connection.getPort(), true);
        tls.setUseClientMode(true);
        tls.startHandshake();
        return tls;
    }

    /** A client context that trusts only this certificate. */
    public static SSLContext clientTrusting(Certificate trusted) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("ca", trusted);
        TrustManagerFactory factory = TrustManagerFactory.getInstance("PKIX");
        factory.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, factory.getTrustManagers(), null);
        return context;
    }
}
