package dev.coffer.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * A TLS client that accepts any certificate and reports the one it was served: for tests that
 * check WHICH certificate a listener presents (hot reload, ACME challenges), not whether it is trusted.
 */
public final class CertificateProbe {

    private CertificateProbe() {}

    /** The leaf served to a client that sends SNI {@code serverName} and offers {@code alpn} (none when empty). */
    public static X509Certificate served(int port, String serverName, List<String> alpn) throws Exception {
        try (Socket plain = new Socket()) {
            plain.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5_000);
            plain.setSoTimeout(5_000);
            return served(plain, serverName, alpn);
        }
    }

    /** The same over an open connection (after STARTTLS, for instance). */
    public static X509Certificate served(Socket connection, String serverName, List<String> alpn) throws IOException {
        SSLSocket tls = (SSLSocket) trustingAll().getSocketFactory()
                .createSocket(connection, serverName, connection.getPort(), true);
        tls.setUseClientMode(true);
        SSLParameters parameters = tls.getSSLParameters();
        parameters.setServerNames(List.of(new SNIHostName(serverName)));
        if (!alpn.isEmpty()) {
            parameters.setApplicationProtocols(alpn.toArray(String[]::new));
        }
        tls.setSSLParameters(parameters);
        tls.startHandshake();
        return (X509Certificate) tls.getSession().getPeerCertificates()[0];
    }

    private static SSLContext trustingAll() {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {new X509TrustManager() {
                @Override
                public void checkClientTrusted(X509Certificate[] chain, String authType) {
                    throw new UnsupportedOperationException("a probe is a client");
                }

                @Override
                public void checkServerTrusted(X509Certificate[] chain, String authType) {
                    // The probe reports what it was served; trust is not its question.
                }

                @Override
                public X509Certificate[] getAcceptedIssuers() {
                    return new X509Certificate[0];
                }
            }}, new SecureRandom());
            return context;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
