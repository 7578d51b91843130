package dev.coffer.dns.check;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import javax.net.ssl.SSLParameters;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TlsProberTest {

    private static final String HOST = "mail.example.org";
    private static final TlsProber PROBER = new TlsProber(Duration.ofSeconds(5));
    private static Path certificates;

    @BeforeAll
    static void certificates(@TempDir Path directory) throws Exception {
        TestCertificates.issue(directory, HOST);
        certificates = directory;
    }

    private static ListenerProbe probe(boolean smtp, UnaryOperator<SSLParameters> policy) throws Exception {
        try (TestTlsServer server = TestTlsServer.start(certificates, smtp, policy, tls -> { })) {
            return PROBER.probe(smtp ? "smtp" : "imaps", HOST, InetAddress.getLoopbackAddress(), server.port(), smtp);
        }
    }

    @Test
    void capturesTheChainAndFindsOnlyModernProtocolsAndSuitesOnCoffersPolicy() throws Exception {
        ListenerProbe probe = probe(false, UnaryOperator.identity());

        assertThat(probe.error()).isNull();
        assertThat(probe.chain()).hasSize(2);
        assertThat(HostNames.certificateNames(probe.chain().getFirst(), HOST)).isTrue();
        assertThat(probe.protocols()).containsEntry("TLSv1.2", true).containsEntry("TLSv1.3", true);
        assertThat(probe.weakSuites()).isEmpty();
        assertThat(probe.suitesProbed()).isPositive();
    }

    @Test
    void findsAWeakSuiteTheServerAccepts() throws Exception {
        String cbc = "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256";
        ListenerProbe probe = probe(false, parameters -> {
            parameters.setCipherSuites(Stream.concat(Arrays.stream(parameters.getCipherSuites()), Stream.of(cbc))
                    .toArray(String[]::new));
            return parameters;
        });

        assertThat(probe.weakSuites()).containsExactly(cbc);
    }

    @Test
    void findsAServerWithoutTls13() throws Exception {
        ListenerProbe probe = probe(false, parameters -> {
            parameters.setProtocols(new String[] {"TLSv1.2"});
            return parameters;
        });

        assertThat(probe.protocols()).containsEntry("TLSv1.2", true).containsEntry("TLSv1.3", false);
    }

    @Test
    void reachesSmtpThroughStarttls() throws Exception {
        ListenerProbe probe = probe(true, UnaryOperator.identity());

        assertThat(probe.error()).isNull();
        assertThat(probe.chain()).isNotEmpty();
        assertThat(probe.protocols()).containsEntry("TLSv1.3", true);
    }

    @Test
    void reportsAClosedPortAsUnreachable() throws Exception {
        int closed;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = socket.getLocalPort();
        }

        ListenerProbe probe = PROBER.probe("imaps", HOST, InetAddress.getLoopbackAddress(), closed, false);

        assertThat(probe.unreachable()).isTrue();
        assertThat(probe.error()).isNotNull();
    }

    @Test
    void listsOnlySuitesWithoutAeadOrForwardSecrecyAsWeak() {
        assertThat(PROBER.weakSuites())
                .contains("TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256")
                .doesNotContain("TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", "TLS_AES_128_GCM_SHA256",
                        "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256");
    }
}
