package dev.coffer.queue;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coffer.dns.MtaStsPolicy;
import dev.coffer.dns.TlsaLookup.TlsaRecord;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The SMTP client against Coffer's own SMTP server on loopback, with and without STARTTLS. */
class SmtpClientTest {

    private static final String MX = "mx.peer.test";
    private static final byte[] MESSAGE = ("From: a@sender.test\r\nTo: b@peer.test\r\nSubject: hi\r\n\r\n"
            + "Hello\r\n.hidden line starting with a dot\r\n..two dots\r\nend\r\n").getBytes(StandardCharsets.UTF_8);

    @TempDir
    static Path directory;

    private static TestPki pki;
    private static TestPki.Issued certificate;
    private static Peer tlsPeer;
    private static Peer plainPeer;

    @BeforeAll
    static void startPeers() throws Exception {
        pki = TestPki.create(directory, "Test CA");
        certificate = pki.issue(MX);
        tlsPeer = Peer.withTls(certificate.serverTls());
        plainPeer = Peer.plain();
    }

    @AfterAll
    static void stopPeers() {
        tlsPeer.close();
        plainPeer.close();
    }

    @BeforeEach
    void forget() {
        tlsPeer.received.clear();
        plainPeer.received.clear();
    }

    private static SmtpClient client(boolean chunking) {
        return new SmtpClient("out.coffer.test", SmtpTimeouts.all(Duration.ofSeconds(5)),
                CertificateVerifier.trusting(List.of(pki.ca)), InstantSource.system(), chunking);
    }

    private static SmtpAttempt send(Peer peer, TlsRequirement tls, boolean requireTls, boolean chunking, String... to) {
        return client(chunking).deliver(new InetSocketAddress(InetAddress.getLoopbackAddress(), peer.port()), MX, tls,
                new SmtpClient.Envelope("a@sender.test", List.of(to), requireTls), MESSAGE);
    }

    private static String body(Peer.Received received) {
        String text = received.text();
        return text.substring(text.indexOf("From: a@sender.test"));
    }

    @Test
    void deliversOverStartTlsWhenOffered() {
        SmtpAttempt attempt = send(tlsPeer, new TlsRequirement.Opportunistic(), false, true, "b@peer.test");

        assertThat(attempt.results()).singleElement()
                .satisfies(result -> assertThat(result.outcome()).isEqualTo(RecipientResult.Outcome.DELIVERED));
        assertThat(attempt.tls().protocol()).isIn("TLSv1.3", "TLSv1.2");
        assertThat(attempt.tls().succeeded()).isTrue();
        assertThat(tlsPeer.received).singleElement().satisfies(received -> {
            assertThat(received.envelope().tlsProtocol()).isNotNull();
            assertThat(received.envelope().reversePath()).isEqualTo("a@sender.test");
            assertThat(body(received)).isEqualTo(new String(MESSAGE, StandardCharsets.UTF_8));
        });
    }

    @Test
    void deliversInClearWhenThePeerOffersNoStartTls() {
        SmtpAttempt attempt = send(plainPeer, new TlsRequirement.Opportunistic(), false, true, "b@peer.test");

        assertThat(attempt.results().getFirst().outcome()).isEqualTo(RecipientResult.Outcome.DELIVERED);
        assertThat(attempt.tls().resultType()).isEqualTo(TlsReports.STARTTLS_NOT_SUPPORTED);
        assertThat(plainPeer.received).singleElement()
                .satisfies(received -> assertThat(received.envelope().tlsProtocol()).isNull());
    }

    @Test
    void dotStuffsDataSoLinesStartingWithADotArriveIntact() {
        SmtpAttempt attempt = send(plainPeer, new TlsRequirement.Opportunistic(), false, false, "b@peer.test");

        assertThat(attempt.results().getFirst().outcome()).isEqualTo(RecipientResult.Outcome.DELIVERED);
        assertThat(body(plainPeer.received.getFirst())).isEqualTo(new String(MESSAGE, StandardCharsets.UTF_8));
    }

    @Test
    void reportsEachRecipientSeparately() {
        SmtpAttempt attempt = send(tlsPeer, new TlsRequirement.Opportunistic(), false, true,
                "b@peer.test", "unknown@peer.test", "later@peer.test");

        assertThat(attempt.results()).extracting(RecipientResult::address, RecipientResult::outcome, RecipientResult::status)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple("b@peer.test", RecipientResult.Outcome.DELIVERED, "2.0.0"),
                        org.assertj.core.groups.Tuple.tuple("unknown@peer.test", RecipientResult.Outcome.FAILED, "5.1.1"),
                        org.assertj.core.groups.Tuple.tuple("later@peer.test", RecipientResult.Outcome.DEFERRED, "4.3.0"));
        assertThat(attempt.tryNextHost()).isFalse();
        assertThat(tlsPeer.received).singleElement()
                .satisfies(received -> assertThat(received.envelope().recipients()).containsExactly("b@peer.test"));
    }

    @Test
    void deliversWhenTheLeafMatchesADaneEeRecord() throws Exception {
        TlsaRecord spki = new TlsaRecord(3, 1, 1, TestPki.sha256(certificate.leaf().getPublicKey().getEncoded()));

        SmtpAttempt attempt = send(tlsPeer, new TlsRequirement.Dane(List.of(spki)), false, true, "b@peer.test");

        assertThat(attempt.results().getFirst().outcome()).isEqualTo(RecipientResult.Outcome.DELIVERED);
        assertThat(attempt.tls().succeeded()).isTrue();
    }

    @Test
    void defersAndSendsNothingWhenNoDaneRecordMatches() throws Exception {
        TlsaRecord other = new TlsaRecord(3, 1, 1, TestPki.sha256("another key".getBytes(StandardCharsets.US_ASCII)));

        SmtpAttempt attempt = send(tlsPeer, new TlsRequirement.Dane(List.of(other)), false, true, "b@peer.test");

        assertThat(attempt.results().getFirst().outcome()).isEqualTo(RecipientResult.Outcome.DEFERRED);
        assertThat(attempt.tls().resultType()).isEqualTo(TlsReports.VALIDATION_FAILURE);
        assertThat(attempt.tryNextHost()).isTrue();
        assertThat(tlsPeer.received).isEmpty();
    }

    @Test
    void defersRatherThanSendInClearWhenDaneAppliesAndThePeerHasNoStartTls() throws Exception {
        TlsaRecord spki = new TlsaRecord(3, 1, 1, TestPki.sha256(certificate.leaf().getPublicKey().getEncoded()));

        SmtpAttempt attempt = send(plainPeer, new TlsRequirement.Dane(List.of(spki)), false, true, "b@peer.test");

        assertThat(attempt.results().getFirst().outcome()).isEqualTo(RecipientResult.Outcome.DEFERRED);
        assertThat(attempt.tls().resultType()).isEqualTo(TlsReports.STARTTLS_NOT_SUPPORTED);
        assertThat(plainPeer.received).isEmpty();
    }

    @Test
    void defersUnderAnEnforcedMtaStsPolicyWhenTheCertificateIsNotTrusted() throws Exception {
        TestPki stranger = TestPki.create(directory, "Unknown CA");
        try (Peer untrusted = Peer.withTls(stranger.issue(MX).serverTls())) {
            MtaStsPolicy policy = new MtaStsPolicy("1", MtaStsPolicy.Mode.ENFORCE, List.of(MX), Duration.ofDays(1));

            SmtpAttempt attempt = send(untrusted, new TlsRequirement.Verified(policy), false, true, "b@peer.test");

            assertThat(attempt.results().getFirst().outcome()).isEqualTo(RecipientResult.Outcome.DEFERRED);
            assertThat(attempt.tls().resultType()).isEqualTo(TlsReports.CERTIFICATE_NOT_TRUSTED);
            assertThat(untrusted.received).isEmpty();
        }
    }

    @Test
    void deliversUnderAnMtaStsTestingPolicyDespiteAWrongCertificateAndReportsIt() throws Exception {
        TestPki stranger = TestPki.create(directory, "Unknown CA");
        try (Peer untrusted = Peer.withTls(stranger.issue(MX).serverTls())) {
            MtaStsPolicy policy = new MtaStsPolicy("1", MtaStsPolicy.Mode.TESTING, List.of(MX), Duration.ofDays(1));

            SmtpAttempt attempt = send(untrusted, new TlsRequirement.Testing(policy), false, true, "b@peer.test");

            assertThat(attempt.results().getFirst().outcome()).isEqualTo(RecipientResult.Outcome.DELIVERED);
            assertThat(attempt.tls().resultType()).isEqualTo(TlsReports.CERTIFICATE_NOT_TRUSTED);
            assertThat(untrusted.received).hasSize(1);
        }
    }

    @Test
    void failsARequireTlsMessageWhenTheVerifiedPeerDoesNotAdvertiseRequireTls() {
        SmtpAttempt attempt = send(tlsPeer, new TlsRequirement.Verified(null), true, true, "b@peer.test");

        assertThat(attempt.results()).singleElement().satisfies(result -> {
            assertThat(result.outcome()).isEqualTo(RecipientResult.Outcome.FAILED);
            assertThat(result.status()).isEqualTo("5.7.10");
        });
        assertThat(attempt.tls().succeeded()).isTrue();
        assertThat(tlsPeer.received).isEmpty();
    }

    @Test
    void failsARequireTlsMessageWhenThePeerHasNoStartTls() {
        SmtpAttempt attempt = send(plainPeer, new TlsRequirement.Verified(null), true, true, "b@peer.test");

        assertThat(attempt.results().getFirst().outcome()).isEqualTo(RecipientResult.Outcome.FAILED);
        assertThat(attempt.results().getFirst().status()).isEqualTo("5.7.10");
        assertThat(plainPeer.received).isEmpty();
    }

    @Test
    void sendsRequireTlsOnMailFromWhenTheVerifiedPeerAdvertisesIt() throws Exception {
        try (ScriptedPeer peer = new ScriptedPeer(certificate.serverTls())) {
            SmtpAttempt attempt = client(true).deliver(new InetSocketAddress(InetAddress.getLoopbackAddress(), peer.port()),
                    MX, new TlsRequirement.Verified(null),
                    new SmtpClient.Envelope("a@sender.test", List.of("b@peer.test"), true), MESSAGE);

            assertThat(attempt.results().getFirst().outcome()).isEqualTo(RecipientResult.Outcome.DELIVERED);
            assertThat(peer.commands).contains("STARTTLS", "MAIL FROM:<a@sender.test> SIZE=" + MESSAGE.length + " REQUIRETLS",
                    "| ..hidden line starting with a dot", "| ...two dots");
        }
    }

    @Test
    void failsAMessageLargerThanThePeerAnnouncesWithoutSendingIt() {
        byte[] large = new byte[1_000_001];
        java.util.Arrays.fill(large, (byte) 'x');
        SmtpAttempt attempt = client(true).deliver(new InetSocketAddress(InetAddress.getLoopbackAddress(), plainPeer.port()),
                MX, new TlsRequirement.Opportunistic(), new SmtpClient.Envelope("a@sender.test", List.of("b@peer.test"), false),
                large);

        assertThat(attempt.results().getFirst().outcome()).isEqualTo(RecipientResult.Outcome.FAILED);
        assertThat(attempt.results().getFirst().status()).isEqualTo("5.3.4");
        assertThat(plainPeer.received).isEmpty();
    }

    @Test
    void defersWhenNothingListens() throws Exception {
        SmtpAttempt attempt = client(true).deliver(
                new InetSocketAddress(InetAddress.getLoopbackAddress(), Peer.closedPort()), MX,
                new TlsRequirement.Opportunistic(), new SmtpClient.Envelope("a@sender.test", List.of("b@peer.test"), false),
                MESSAGE);

        assertThat(attempt.results().getFirst().outcome()).isEqualTo(RecipientResult.Outcome.DEFERRED);
        assertThat(attempt.results().getFirst().status()).isEqualTo("4.4.1");
        assertThat(attempt.tryNextHost()).isTrue();
        assertThat(attempt.tls()).isNull();
    }
}
