package dev.coffer.pop3;

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
 * (per test) both POP3 listeners on ephemeral ports over an in-memory maildrop with a fresh
 * login throttle.
 */
final class Pop3Fixture implements AutoCloseable {

    static final String HOST = "pop.coffer.test";
    static final String ALICE = "alice@example.org";
    static final String READ_SECRET = "read-secret-abcd-efgh-ijkl";
    static final String SEND_SECRET = "send-secret-mnop-qrst-uvwx";

    final Store store;
    final Account alice;
    final Path caPem;
    final ServerTls tls;

    /** One test's servers. */
    record Servers(InMemoryMailboxes mailboxes, Pop3Server pop3, Pop3Server pop3s) implements AutoCloseable {
        @Override
        public void close() {
            pop3.close();
            pop3s.close();
        }
    }

    private Pop3Fixture(Store store, Account alice, Path caPem, ServerTls tls) {
        this.store = store;
        this.alice = alice;
        this.caPem = caPem;
        this.tls = tls;
    }

    static Pop3Fixture create(Path directory) throws IOException {
        Path data = Files.createDirectories(directory.resolve("data"));
        Path certificates = Files.createDirectories(directory.resolve("certificates"));
        Store store = Store.open(data);
        Account alice = StoreFixture.account(store, ALICE);
        store.appPasswords().add(alice.id(), "phone", Verifiers.create(READ_SECRET), Set.of("read"));
        store.appPasswords().add(alice.id(), "mailer", Verifiers.create(SEND_SECRET), Set.of("send"));
        CertificateAuthority.createDemo(certificates, List.of("localhost"));
        ServerTls tls = ServerTls.load(certificates.resolve("tls/cert.pem"), certificates.resolve("tls/key.pem"));
        return new Pop3Fixture(store, alice, certificates.resolve("ca.pem"), tls);
    }

    Servers start(Pop3Limits limits) throws IOException {
        InMemoryMailboxes mailboxes = new InMemoryMailboxes();
        AppPasswordLogin login = new AppPasswordLogin(store, new LoginThrottle(Clock.systemUTC()), Clock.systemUTC());
        Pop3Server pop3 = new Pop3Server(HOST, mailboxes, login, tls, limits, false, false);
        Pop3Server pop3s = new Pop3Server(HOST, mailboxes, login, tls, limits, true, false);
        InetSocketAddress loopback = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
        pop3.start(loopback);
        pop3s.start(loopback);
        return new Servers(mailboxes, pop3, pop3s);
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
