package dev.coffer.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dev.coffer.crypto.CertificateAuthority;
import dev.coffer.crypto.ServerTls;
import dev.coffer.dns.DnsResolver;
import dev.coffer.dns.TestDnsServer;
import dev.coffer.mailauth.dkim.DkimKeys;
import dev.coffer.mailauth.dkim.DkimResult;
import dev.coffer.mailauth.dkim.DkimSigner;
import dev.coffer.mailauth.dkim.DkimVerifier;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.zip.GZIPInputStream;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.apache.james.mime4j.dom.Entity;
import org.apache.james.mime4j.dom.Message;
import org.apache.james.mime4j.dom.Multipart;
import org.apache.james.mime4j.dom.SingleBody;
import org.apache.james.mime4j.dom.field.ContentTypeField;
import org.apache.james.mime4j.message.DefaultMessageBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Delivering a TLS report to the rua of RFC 8460 §3: by mail (§5.3) and by HTTPS POST (§5.4). */
class MailedTlsReportSenderTest {

    static final String HOSTNAME = "mx.sender.example";
    static final LocalDate DAY = LocalDate.of(2026, 4, 1);
    static final Instant NOW = Instant.parse("2026-04-02T00:20:00Z");
    static final byte[] JSON = """
            {"organization-name":"Sender","date-range":{"start-datetime":"2026-04-01T00:00:00Z",\
            "end-datetime":"2026-04-01T23:59:59Z"},"contact-info":"postmaster@mx.sender.example",\
            "report-id":"r1","policies":[]}""".getBytes(StandardCharsets.UTF_8);

    @TempDir
    static Path certificates;

    private static HttpsServer https;
    private static SSLContext trustingDemoCa;
    private static final List<Post> posts = new CopyOnWriteArrayList<>();
    private static volatile int status = 200;

    record Post(String method, String contentType, byte[] body) {}

    private TestDnsServer dns;
    private DnsResolver resolver;
    private final RecordingQueue queue = new RecordingQueue();
    private MailedTlsReportSender sender;

    @BeforeAll
    static void startHttps() throws Exception {
        CertificateAuthority.createDemo(certificates, List.of("localhost"));
        ServerTls tls = ServerTls.load(certificates.resolve("tls/cert.pem"), certificates.resolve("tls/key.pem"));
        https = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        https.setHttpsConfigurator(new HttpsConfigurator(tls.context()));
        https.createContext("/tlsrpt", exchange -> {
            try (exchange) {
                posts.add(new Post(exchange.getRequestMethod(),
                        exchange.getRequestHeaders().getFirst("Content-Type"), exchange.getRequestBody().readAllBytes()));
                exchange.sendResponseHeaders(status, -1);
            }
        });
        https.start();
        trustingDemoCa = trusting(certificates.resolve("ca.pem"));
    }

    @AfterAll
    static void stopHttps() {
        https.stop(0);
    }

    @BeforeEach
    void start() throws Exception {
        posts.clear();
        status = 200;
        dns = TestDnsServer.start();
        dns.zone("example.test.", false);
        txt("mailed.example.test", "v=TLSRPTv1; rua=mailto:tlsrpt@mailed.example.test");
        txt("two.example.test", "v=TLSRPTv1; rua=mailto:a@two.example.test,mailto:b@elsewhere.example.test");
        txt("web.example.test", "v=TLSRPTv1; rua=https://localhost:" + https.getAddress().getPort() + "/tlsrpt");
        txt("both.example.test", "v=TLSRPTv1; rua=mailto:r@both.example.test,https://localhost:"
                + https.getAddress().getPort() + "/tlsrpt");
        txt("broken.example.test", "v=TLSRPTv1; rua=mailto:r@broken.example.test!10m");
        dns.add(TestDnsServer.record("plain.example.test. 300 IN A 192.0.2.1"));
        resolver = dns.resolverBuilder().build();
        sender = MailedTlsReportSender.builder(resolver, queue, HOSTNAME)
                .signer(message -> concat("X-Test-Signature: yes\r\n".getBytes(StandardCharsets.US_ASCII), message))
                .sslContext(trustingDemoCa)
                .clock(() -> NOW)
                .timeout(Duration.ofSeconds(10))
                .build();
    }

    @AfterEach
    void stop() {
        sender.close();
        dns.close();
    }

    @Test
    void mailsTheReportAsMultipartReportWithTheGzippedJson() throws Exception {
        sender.send("mailed.example.test", "2026-04-01_mailed.example.test_42", DAY, JSON);

        assertThat(queue.messages).hasSize(1);
        OutboundMessage queued = queue.messages.getFirst();
        assertThat(queued.reversePath()).isEmpty();
        assertThat(queued.recipients()).containsExactly("tlsrpt@mailed.example.test");
        assertThat(queued.requireTls()).isFalse();
        assertThat(new String(queued.message(), StandardCharsets.US_ASCII)).startsWith("X-Test-Signature: yes\r\n");

        Message message = parse(queued.message());
        assertThat(message.getFrom().getFirst().getAddress()).isEqualTo("tlsrpt-noreply@mx.sender.example");
        assertThat(message.getTo().flatten().getFirst().getAddress()).isEqualTo("tlsrpt@mailed.example.test");
        assertThat(message.getSubject()).isEqualTo("Report Domain: mailed.example.test Submitter: mx.sender.example"
                + " Report-ID: <2026-04-01_mailed.example.test_42@mx.sender.example>");
        assertThat(message.getDate().toInstant()).isEqualTo(NOW);
        assertThat(message.getMessageId()).endsWith("@mx.sender.example>");
        assertThat(field(message, "TLS-Report-Domain")).isEqualTo("mailed.example.test");
        assertThat(field(message, "TLS-Report-Submitter")).isEqualTo("mx.sender.example");
        assertThat(field(message, "MIME-Version")).isEqualTo("1.0");

        assertThat(message.getMimeType()).isEqualTo("multipart/report");
        ContentTypeField contentType = (ContentTypeField) message.getHeader().getField("Content-Type");
        assertThat(contentType.getParameter("report-type")).isEqualTo("tlsrpt");
        List<Entity> parts = ((Multipart) message.getBody()).getBodyParts();
        assertThat(parts).extracting(Entity::getMimeType).containsExactly("text/plain", "application/tlsrpt+gzip");
        assertThat(text(parts.get(0))).contains("aggregate TLS report from mx.sender.example");

        Entity report = parts.get(1);
        assertThat(report.getContentTransferEncoding()).isEqualTo("base64");
        assertThat(report.getDispositionType()).isEqualTo("attachment");
        long begin = DAY.atStartOfDay(ZoneOffset.UTC).toEpochSecond();
        // RFC 8460 §5.1: sender!policy-domain!begin-timestamp!end-timestamp!unique-id.json.gz
        assertThat(report.getFilename()).matches("mx\\.sender\\.example!mailed\\.example\\.test!" + begin + "!"
                + (begin + 86399) + "![0-9a-f]{16}\\.json\\.gz");
        byte[] json = gunzip(bytes(report));
        assertThat(json).isEqualTo(JSON);
        JsonNode parsed = new ObjectMapper().readTree(json);
        assertThat(parsed.path("report-id").asText()).isEqualTo("r1");
    }

    @Test
    void mailsEachMailtoRuaItsOwnMessageOfTheSameReport() throws Exception {
        sender.send("two.example.test", "report-7", DAY, JSON);

        assertThat(queue.messages).extracting(OutboundMessage::recipients)
                .containsExactly(List.of("a@two.example.test"), List.of("b@elsewhere.example.test"));
        Message first = parse(queue.messages.get(0).message());
        Message second = parse(queue.messages.get(1).message());
        assertThat(first.getSubject()).isEqualTo(second.getSubject());
        assertThat(first.getMessageId()).isNotEqualTo(second.getMessageId());
        assertThat(((Multipart) first.getBody()).getBodyParts().get(1).getFilename())
                .isEqualTo(((Multipart) second.getBody()).getBodyParts().get(1).getFilename());
    }

    @Test
    void aDkimSignerHookSignsAMessageThatVerifies() throws Exception {
        KeyPair key = DkimKeys.generateEd25519();
        Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
        DkimSigner dkim = new DkimSigner("sender.example", "s1", key.getPrivate(), clock);
        try (MailedTlsReportSender signing = MailedTlsReportSender.builder(resolver, queue, HOSTNAME)
                .from("tlsrpt@sender.example")
                .signer(message -> concat(dkim.sign(message).getBytes(StandardCharsets.US_ASCII), message))
                .build()) {
            signing.send("mailed.example.test", "r", DAY, JSON);
        }

        DkimVerifier verifier = new DkimVerifier((selector, domain) ->
                Optional.of(DkimKeys.dnsRecord(key.getPrivate())), clock);
        assertThat(verifier.verify(queue.messages.getFirst().message()))
                .singleElement().isInstanceOf(DkimResult.Pass.class);
    }

    @Test
    void usesAConfiguredFromAddress() throws Exception {
        try (MailedTlsReportSender configured = MailedTlsReportSender.builder(resolver, queue, HOSTNAME)
                .from("tls-reports@sender.example").build()) {
            configured.send("mailed.example.test", "r", DAY, JSON);
        }

        assertThat(parse(queue.messages.getFirst().message()).getFrom().getFirst().getAddress())
                .isEqualTo("tls-reports@sender.example");
    }

    @Test
    void postsTheGzippedReportToAnHttpsRua() throws Exception {
        sender.send("web.example.test", "r", DAY, JSON);

        assertThat(queue.messages).isEmpty();
        assertThat(posts).hasSize(1);
        Post post = posts.getFirst();
        assertThat(post.method()).isEqualTo("POST");
        assertThat(post.contentType()).isEqualTo("application/tlsrpt+gzip");
        assertThat(gunzip(post.body())).isEqualTo(JSON);
    }

    @Test
    void failsWhenTheOnlyRuaRefusesTheReport() {
        status = 500;

        assertThatThrownBy(() -> sender.send("web.example.test", "r", DAY, JSON))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("HTTP 500");
    }

    @Test
    void aRuaThatFailsDoesNotStopTheOthers() throws Exception {
        status = 503;

        sender.send("both.example.test", "r", DAY, JSON);

        assertThat(posts).hasSize(1);
        assertThat(queue.messages).hasSize(1);
    }

    @Test
    void doesNotTrustAnHttpsRuaWithAnUnknownCertificate() throws Exception {
        try (MailedTlsReportSender jdkTrust = MailedTlsReportSender.builder(resolver, queue, HOSTNAME).build()) {
            assertThatThrownBy(() -> jdkTrust.send("web.example.test", "r", DAY, JSON)).isInstanceOf(IOException.class);
        }
        assertThat(posts).isEmpty();
    }

    @Test
    void sendsNothingToADomainWithoutAPolicy() throws Exception {
        sender.send("plain.example.test", "r", DAY, JSON);
        sender.send("nxdomain.example.test", "r", DAY, JSON);

        assertThat(queue.messages).isEmpty();
        assertThat(posts).isEmpty();
    }

    @Test
    void sendsNothingToADomainWithAMalformedPolicy() throws Exception {
        sender.send("broken.example.test", "r", DAY, JSON);

        assertThat(queue.messages).isEmpty();
    }

    @Test
    void aDnsFailureIsAnError() {
        // The test DNS server refuses names outside its zones.
        assertThatThrownBy(() -> sender.send("elsewhere.invalid", "r", DAY, JSON))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("_smtp._tls.elsewhere.invalid");
    }

    private void txt(String domain, String text) {
        dns.add(TestDnsServer.record("_smtp._tls." + domain + ". 300 IN TXT \"" + text + "\""));
    }

    static Message parse(byte[] message) throws IOException {
        return new DefaultMessageBuilder().parseMessage(new ByteArrayInputStream(message));
    }

    private static String field(Message message, String name) {
        return message.getHeader().getField(name).getBody();
    }

    private static String text(Entity part) throws IOException {
        return new String(bytes(part), StandardCharsets.US_ASCII);
    }

    private static byte[] bytes(Entity part) throws IOException {
        try (InputStream in = ((SingleBody) part.getBody()).getInputStream()) {
            return in.readAllBytes();
        }
    }

    static byte[] gunzip(byte[] gzipped) throws IOException {
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(gzipped))) {
            return in.readAllBytes();
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] both = new byte[a.length + b.length];
        System.arraycopy(a, 0, both, 0, a.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }

    private static SSLContext trusting(Path caPem) throws Exception {
        KeyStore anchors = KeyStore.getInstance("PKCS12");
        anchors.load(null, null);
        try (InputStream in = Files.newInputStream(caPem)) {
            anchors.setCertificateEntry("ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory trust = TrustManagerFactory.getInstance("PKIX");
        trust.init(anchors);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        return context;
    }

    /** An outbound queue that keeps what it is given. */
    static final class RecordingQueue implements OutboundQueue {
        final List<OutboundMessage> messages = new ArrayList<>();

        @Override
        public synchronized String enqueue(OutboundMessage message) {
            messages.add(message);
            return "q" + messages.size();
        }
    }
}
