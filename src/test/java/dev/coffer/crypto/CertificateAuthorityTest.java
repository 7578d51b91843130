package dev.coffer.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coffer.testing.TestTls;

import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CertificateAuthorityTest {

    @TempDir
    Path dataDir;

    @Test
    void writesCaAndServerCertificateWithPrivateKeysReadableByOwnerOnly() throws Exception {
        CertificateAuthority.createDemo(dataDir, List.of("localhost", "mail.example.test"));

        assertThat(Files.getPosixFilePermissions(dataDir.resolve("ca-key.pem")))
                .isEqualTo(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE));
        assertThat(Files.getPosixFilePermissions(dataDir.resolve("tls/key.pem")))
                .isEqualTo(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE));
        assertThat(Files.readString(dataDir.resolve("tls/key.pem"))).startsWith("-----BEGIN PRIVATE KEY-----");

        X509Certificate ca = certificates(dataDir.resolve("ca.pem")).getFirst();
        assertThat(ca.getBasicConstraints()).isGreaterThanOrEqualTo(0);
        assertThat(ca.getKeyUsage()[5]).as("keyCertSign").isTrue();
        assertThat(ca.getPublicKey().getAlgorithm()).isEqualTo("EC");
        assertThat(Duration.between(ca.getNotBefore().toInstant(), ca.getNotAfter().toInstant()).toDays()).isGreaterThanOrEqualTo(3650);

        List<X509Certificate> chain = certificates(dataDir.resolve("tls/cert.pem"));
        assertThat(chain).hasSize(2);
        X509Certificate leaf = chain.getFirst();
        assertThat(chain.get(1)).isEqualTo(ca);
        leaf.verify(ca.getPublicKey());
        assertThat(leaf.getBasicConstraints()).isEqualTo(-1);
        assertThat(leaf.getKeyUsage()[0]).as("digitalSignature").isTrue();
        assertThat(leaf.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.1");
        assertThat(Duration.between(leaf.getNotBefore().toInstant(), leaf.getNotAfter().toInstant()).toDays()).isLessThanOrEqualTo(398);
        List<String> altNames = new ArrayList<>();
        for (List<?> altName : leaf.getSubjectAlternativeNames()) {
            altNames.add(String.valueOf(altName.get(1)));
        }
        assertThat(altNames).contains("localhost", "mail.example.test", "127.0.0.1");
        assertThat(altNames).anyMatch(name -> name.startsWith("0:0:0:0:0:0:0:1") || name.equals("::1"));
    }

    @Test
    void leavesExistingFilesAlone() throws Exception {
        CertificateAuthority.createDemo(dataDir, List.of("localhost"));
        String before = Files.readString(dataDir.resolve("tls/cert.pem"));
        CertificateAuthority.createDemo(dataDir, List.of("other.example"));
        assertThat(Files.readString(dataDir.resolve("tls/cert.pem"))).isEqualTo(before);
    }

    @Test
    void clientTrustingTheDemoCaCompletesAHandshakeForLocalhost() throws Exception {
        CertificateAuthority.createDemo(dataDir, List.of("localhost"));
        ServerTls server = ServerTls.load(dataDir.resolve("tls/cert.pem"), dataDir.resolve("tls/key.pem"));
        SSLContext client = TestTls.clientTrusting(dataDir.resolve("ca.pem"));

        try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CompletableFuture<String> served = CompletableFuture.supplyAsync(() -> {
                try (Socket plain = listener.accept(); SSLSocket tls = server.accept(plain)) {
                    tls.getOutputStream().write("hello\n".getBytes(StandardCharsets.US_ASCII));
                    tls.getOutputStream().flush();
                    return tls.getSession().getProtocol();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            try (SSLSocket socket = (SSLSocket) client.getSocketFactory()
                    .createSocket("localhost", listener.getLocalPort())) {
                SSLParameters parameters = socket.getSSLParameters();
                // RFC 6125 / RFC 2818 §3.1 host name check against the certificate
                parameters.setEndpointIdentificationAlgorithm("HTTPS");
                socket.setSSLParameters(parameters);
                socket.startHandshake();
                InputStream in = socket.getInputStream();
                assertThat(new String(in.readNBytes(6), StandardCharsets.US_ASCII)).isEqualTo("hello\n");
            }
            assertThat(served.get(10, TimeUnit.SECONDS)).isIn("TLSv1.3", "TLSv1.2");
        }
    }

    private static List<X509Certificate> certificates(Path pem) throws Exception {
        try (InputStream in = Files.newInputStream(pem)) {
            Collection<? extends java.security.cert.Certificate> certificates =
                    CertificateFactory.getInstance("X.509").generateCertificates(in);
            return certificates.stream().map(X509Certificate.class::cast).toList();
        }
    }
}
