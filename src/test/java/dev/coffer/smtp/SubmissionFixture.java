package dev.coffer.smtp;

import dev.coffer.account.AppPasswordLogin;
import dev.coffer.account.LoginThrottle;
import dev.coffer.account.Verifiers;
import dev.coffer.crypto.CertificateAuthority;
import dev.coffer.crypto.ServerTls;
import dev.coffer.store.Account;
import dev.coffer.store.Store;
import dev.coffer.store.StoreFixture;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A real store with one account and its app passwords, a demo CA and its certificate, and
 * (per test) both submission listeners on ephemeral ports over a recording {@link Submission}
 * with a fresh login throttle.
 */
final class SubmissionFixture implements AutoCloseable {

    static final String HOST = "smtp.coffer.test";
    static final String ALICE = "alice@example.org";
    static final String SEND_SECRET = "send-secret-abcd-efgh-ijkl";
    static final String READ_SECRET = "read-secret-mnop-qrst-uvwx";

    final Store store;
    final Account alice;
    final Path caPem;
    final ServerTls tls;

    /** One test's servers: {@code submissions} on implicit TLS, {@code submission} with STARTTLS. */
    record Servers(RecordingSubmission submission, SubmissionServer submissions, SubmissionServer starttls)
            implements AutoCloseable {
        @Override
        public void close() {
            submissions.close();
            starttls.close();
        }
    }

    private SubmissionFixture(Store store, Account alice, Path caPem, ServerTls tls) {
        this.store = store;
        this.alice = alice;
        this.caPem = caPem;
        this.tls = tls;
    }

    static SubmissionFixture create(Path directory) throws IOException {
        Path data = Files.createDirectories(directory.resolve("data"));
        Path certificates = Files.createDirectories(directory.resolve("certificates"));
        Store store = Store.open(data);
        Account alice = StoreFixture.account(store, ALICE);
        store.appPasswords().add(alice.id(), "laptop", Verifiers.create(SEND_SECRET), Set.of("send"));
        store.appPasswords().add(alice.id(), "phone", Verifiers.create(READ_SECRET), Set.of("read"));
        CertificateAuthority.createDemo(certificates, List.of("localhost"));
        ServerTls tls = ServerTls.load(certificates.resolve("tls/cert.pem"), certificates.resolve("tls/key.pem"));
        return new SubmissionFixture(store, alice, certificates.resolve("ca.pem"), tls);
    }

    Servers start(SmtpLimits limits) throws IOException {
        RecordingSubmission submission = new RecordingSubmission();
        AppPasswordLogin login = new AppPasswordLogin(store, new LoginThrottle(Clock.systemUTC()), Clock.systemUTC());
        SubmissionServer submissions = new SubmissionServer(HOST, submission, login, tls, limits, true, false);
        SubmissionServer starttls = new SubmissionServer(HOST, submission, login, tls, limits, false, false);
        InetSocketAddress loopback = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
        submissions.start(loopback);
        starttls.start(loopback);
        return new Servers(submission, submissions, starttls);
    }

    /** A client context that trusts only the demo CA. */
    SSLContext clientContext() throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        try (InputStream in = Files.newInputStream(caPem)) {
            trust.setCertificateEntry("ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory factory = TrustManagerFactory.getInstance("PKIX");
        factory.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, factory.getTrustManagers(), null);
        return context;
    }

    @Override
    public void close() {
        store.close();
    }
}
