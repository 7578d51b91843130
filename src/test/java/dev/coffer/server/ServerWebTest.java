package dev.coffer.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.coffer.config.ConfigLoader;
import dev.coffer.crypto.CertificateAuthority;
import dev.coffer.store.Store;
import dev.coffer.testing.TestTls;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLSocket;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** The web listeners as the server wires them: the same TLS policy as mail, autoconfig naming the running ports. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ServerWebTest {

    Path dir;
    Server server;
    HttpClient client;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        this.dir = dir;
        ConfigLoader.write(dir, """
                hostname = "localhost"
                [listeners]
                smtp = ""
                submissions = "127.0.0.1:0"
                submission = "127.0.0.1:0"
                imap = ""
                imaps = "127.0.0.1:0"
                pop3 = ""
                pop3s = "127.0.0.1:0"
                https = "127.0.0.1:0"
                http = "127.0.0.1:0"
                managesieve = ""
                """);
        CertificateAuthority.createDemo(dir, List.of("localhost"));
        try (Store store = Store.open(dir)) {
            store.domains().add("localhost.localdomain");
        }
        server = Server.start(dir, ConfigLoader.load(dir));
        client = HttpClient.newBuilder().sslContext(TestTls.clientTrusting(dir.resolve("ca.pem")))
                .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(10)).build();
    }

    @AfterAll
    void stop() {
        server.close();
    }

    @Test
    void autoconfigNamesTheRunningMailListeners() throws Exception {
        HttpResponse<byte[]> response = get("https://localhost:" + server.ports().get("https")
                + "/.well-known/autoconfig/mail/config-v1.1.xml?emailaddress=a%40localhost.localdomain");

        assertThat(response.statusCode()).isEqualTo(200);
        NodeList servers = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(response.body())).getElementsByTagName("port");
        List<Integer> ports = new ArrayList<>();
        for (int i = 0; i < servers.getLength(); i++) {
            ports.add(Integer.parseInt(((Element) servers.item(i)).getTextContent()));
        }
        assertThat(ports).containsExactly(server.ports().get("imaps"), server.ports().get("pop3s"),
                server.ports().get("submissions"), server.ports().get("submission"));
    }

    @Test
    void httpRedirectsToTheHttpsListener() throws Exception {
        HttpResponse<byte[]> response = get("http://localhost:" + server.ports().get("http") + "/x?y=z");

        assertThat(response.statusCode()).isEqualTo(301);
        assertThat(response.headers().firstValue("location"))
                .contains("https://localhost:" + server.ports().get("https") + "/x?y=z");
    }

    @Test
    void httpsRefusesSuitesWithoutForwardSecrecyOrAead() throws Exception {
        SSLContext context = TestTls.clientTrusting(dir.resolve("ca.pem"));
        try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket("localhost", server.ports().get("https"))) {
            socket.setSoTimeout(10_000);
            socket.setEnabledProtocols(new String[] {"TLSv1.2"});
            socket.setEnabledCipherSuites(new String[] {"TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256"});

            assertThatThrownBy(socket::startHandshake).isInstanceOf(SSLHandshakeException.class);
        }
    }

    @Test
    void httpsPrefersTheServersSuiteOrder() throws Exception {
        SSLContext context = TestTls.clientTrusting(dir.resolve("ca.pem"));
        try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket("localhost", server.ports().get("https"))) {
            socket.setSoTimeout(10_000);
            socket.setEnabledProtocols(new String[] {"TLSv1.2"});
            socket.setEnabledCipherSuites(new String[] {
                "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384"});
            socket.startHandshake();

            assertThat(socket.getSession().getCipherSuite()).isEqualTo("TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384");
        }
    }

    private HttpResponse<byte[]> get(String uri) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create(uri)).timeout(Duration.ofSeconds(20)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }
}
