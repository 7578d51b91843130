package dev.coffer.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.coffer.testing.CertificateProbe;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServerTlsTest {

    @TempDir
    Path directory;

    @Test
    void servesTheReplacementCertificateFromTheNextHandshakeOn() throws Exception {
        ServerTls tls = ServerTls.load(demo("first", "mail.one.example").resolve("tls/cert.pem"),
                directory.resolve("first/tls/key.pem"));
        CertifiedKey second = ServerTls.read(demo("second", "mail.two.example").resolve("tls/cert.pem"),
                directory.resolve("second/tls/key.pem"));
        try (ServerSocket server = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
            Thread.ofVirtual().start(() -> acceptForever(server, tls));

            X509Certificate before = CertificateProbe.served(server.getLocalPort(), "mail.one.example", List.of());
            tls.replace(second);
            X509Certificate after = CertificateProbe.served(server.getLocalPort(), "mail.one.example", List.of());

            assertThat(before.getSubjectAlternativeNames().toString()).contains("mail.one.example");
            assertThat(after).isEqualTo(second.leaf());
            assertThat(tls.current()).isEqualTo(second);
        }
    }

    @Test
    void refusesAKeyThatDoesNotBelongToTheCertificate() throws Exception {
        demo("first", "mail.one.example");
        demo("second", "mail.two.example");
        assertThatThrownBy(() -> ServerTls.read(directory.resolve("first/tls/cert.pem"),
                directory.resolve("second/tls/key.pem")))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("does not belong");
    }

    @Test
    void selectsAcmeTls1OnlyWhenOffered() throws Exception {
        ServerTls tls = ServerTls.load(demo("first", "mail.one.example").resolve("tls/cert.pem"),
                directory.resolve("first/tls/key.pem"));
        assertThat(tls.selectApplicationProtocol(null, List.of("h2", "acme-tls/1"))).isEqualTo("acme-tls/1");
        // An empty answer sends no ALPN extension: the listener speaks HTTP/1.1 either way.
        assertThat(tls.selectApplicationProtocol(null, List.of("h2", "http/1.1"))).isEmpty();
    }

    private Path demo(String name, String host) throws IOException {
        Path root = Files.createDirectories(directory.resolve(name));
        CertificateAuthority.createDemo(root, List.of(host));
        return root;
    }

    private static void acceptForever(ServerSocket server, ServerTls tls) {
        while (!server.isClosed()) {
            try (Socket plain = server.accept()) {
                tls.accept(plain).getOutputStream().flush();
            } catch (IOException e) {
                // the next client
            }
        }
    }
}
