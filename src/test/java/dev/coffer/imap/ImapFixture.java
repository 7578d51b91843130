package dev.coffer.imap;

import dev.coffer.account.AppPasswordLogin;
import dev.coffer.account.LoginThrottle;
import dev.coffer.account.Verifiers;
import dev.coffer.crypto.ServerTls;
import dev.coffer.store.Account;
import dev.coffer.store.Store;
import dev.coffer.store.StoreFixture;
import dev.coffer.testing.TestTls;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Set;
import javax.net.ssl.SSLContext;

/**
 * Both IMAP listeners (STARTTLS and implicit TLS) on ephemeral ports, over a fake mailbox
 * service and a real account store with one account and one app password.
 */
final class ImapFixture implements AutoCloseable {

    static final String ADDRESS = "alice@coffer.test";
    static final String SECRET = "abcd-efgh-ijkl-mnop";
    static final String OTHER_ADDRESS = "bob@coffer.test";
    static final String OTHER_SECRET = "qrst-uvwx-yzab-cdef";

    final Path directory;
    final Store store;
    final FakeMailboxService mail;
    final ImapServer starttls;
    final ImapServer implicit;
    final Account account;
    final Account other;
    final SSLContext clientTls;

    private ImapFixture(Path directory, Store store, FakeMailboxService mail, ImapServer starttls, ImapServer implicit,
                        Account account, Account other, SSLContext clientTls) {
        this.directory = directory;
        this.store = store;
        this.mail = mail;
        this.starttls = starttls;
        this.implicit = implicit;
        this.account = account;
        this.other = other;
        this.clientTls = clientTls;
    }

    static ImapFixture start(Path directory, ImapLimits limits, long appendLimit) throws Exception {
        Store store = Store.open(directory.resolve("data"));
        Account account = StoreFixture.account(store, ADDRESS);
        store.appPasswords().add(account.id(), "test", Verifiers.create(SECRET), Set.of("read", "send"));
        Account other = StoreFixture.account(store, OTHER_ADDRESS);
        store.appPasswords().add(other.id(), "test", Verifiers.create(OTHER_SECRET), Set.of("send"));
        ServerTls tls = TestTls.serverTls(directory);
        FakeMailboxService mail = new FakeMailboxService(appendLimit);
        mail.addAccount(account.id());
        mail.addAccount(other.id());
        AppPasswordLogin login = new AppPasswordLogin(store, new LoginThrottle(Clock.systemUTC()), Clock.systemUTC());
        InetSocketAddress loopback = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
        ImapServer starttls = new ImapServer("imap.coffer.test", mail, login, tls, limits, false, false);
        starttls.start(loopback);
        ImapServer implicit = new ImapServer("imap.coffer.test", mail, login, tls, limits, true, false);
        implicit.start(loopback);
        SSLContext clientTls = TestTls.clientTrusting(directory.resolve("ca.pem"));
        return new ImapFixture(directory, store, mail, starttls, implicit, account, other, clientTls);
    }

    Path caCertificate() {
        return directory.resolve("ca.pem");
    }

    ImapTestClient connectImplicit() throws Exception {
        return ImapTestClient.implicit(implicit.port(), clientTls);
    }

    ImapTestClient connectPlain() throws Exception {
        return ImapTestClient.plain(starttls.port(), clientTls);
    }

    /** A client logged in over implicit TLS. */
    ImapTestClient loggedIn() throws Exception {
        ImapTestClient client = connectImplicit();
        client.expectOk("LOGIN " + ADDRESS + " " + SECRET);
        return client;
    }

    @Override
    public void close() throws Exception {
        starttls.close();
        implicit.close();
        store.close();
    }
}
