package dev.coffer.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.coffer.crypto.AcmeChallengeCertificate;
import dev.coffer.crypto.CertificateAuthority;
import dev.coffer.crypto.CertifiedKey;
import dev.coffer.crypto.ServerTls;
import dev.coffer.testing.CertificateProbe;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.SSLException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The https listener's certificate: swapped without a restart, and RFC 8737 challenge certificates on acme-tls/1. */
class HttpsListenerTlsTest {

    private static final String NAME = "mta-sts.webtest.example";

    @TempDir
    Path directory;

    private ServerTls tls;
    private HttpsListener https;

    @BeforeEach
    void start() throws Exception {
        tls = ServerTls.of(demo("first"));
        https = new HttpsListener(tls, new SecurityHeaders(false, ""), List.of());
        https.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    }

    @AfterEach
    void stop() {
        https.close();
    }

    @Test
    void servesANewCertificateWithoutARestart() throws Exception {
        X509Certificate before = CertificateProbe.served(https.port(), NAME, List.of("http/1.1"));
        CertifiedKey next = demo("second");
        tls.replace(next);

        assertThat(before).isNotEqualTo(next.leaf());
        assertThat(CertificateProbe.served(https.port(), NAME, List.of("http/1.1"))).isEqualTo(next.leaf());
    }

    @Test
    void answersAcmeTls1WithTheChallengeCertificateOfTheRequestedName() throws Exception {
        CertifiedKey challenge = AcmeChallengeCertificate.create(NAME, new byte[32]);
        tls.challenges().put(NAME, challenge);

        assertThat(CertificateProbe.served(https.port(), NAME, List.of("acme-tls/1"))).isEqualTo(challenge.leaf());
        assertThat(CertificateProbe.served(https.port(), NAME, List.of("http/1.1")))
                .isEqualTo(tls.current().leaf());
    }

    @Test
    void refusesAcmeTls1ForANameWithoutAChallenge() throws Exception {
        tls.challenges().put(NAME, AcmeChallengeCertificate.create(NAME, new byte[32]));

        assertThatThrownBy(() -> CertificateProbe.served(https.port(), "other.webtest.example", List.of("acme-tls/1")))
                .isInstanceOf(SSLException.class);
    }

    private CertifiedKey demo(String name) throws Exception {
        Path root = Files.createDirectories(directory.resolve(name));
        CertificateAuthority.createDemo(root, List.of(NAME));
        return ServerTls.read(root.resolve("tls/cert.pem"), root.resolve("tls/key.pem"));
    }

}
