package dev.coffer.pop3;

import dev.coffer.account.AppPasswordLogin;
import dev.coffer.store.Account;
import dev.coffer.testing.AccountFixture;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import javax.net.ssl.SSLContext;

/**
 * The shared {@link AccountFixture} (a real store with one account and its app passwords, a
 * demo CA and its certificate) and (per test) both POP3 listeners on ephemeral ports over an
 * in-memory maildrop with a fresh login throttle.
 */
final class Pop3Fixture implements AutoCloseable {

    static final String HOST = "pop.coffer.test";
    static final String ALICE = AccountFixture.ALICE;
    static final String READ_SECRET = "read-secret-abcd-efgh-ijkl";
    static final String SEND_SECRET = "send-secret-mnop-qrst-uvwx";

    private final AccountFixture account;
    final Account alice;
    final Path caPem;

    /** One test's servers. */
    record Servers(InMemoryMailboxes mailboxes, Pop3Server pop3, Pop3Server pop3s) implements AutoCloseable {
        @Override
        public void close() {
            pop3.close();
            pop3s.close();
        }
    }

    private Pop3Fixture(AccountFixture account) {
        this.account = account;
        this.alice = account.alice();
        this.caPem = account.caPem();
    }

    static Pop3Fixture create(Path directory) throws IOException {
        return new Pop3Fixture(AccountFixture.create(directory, READ_SECRET, SEND_SECRET));
    }

    Servers start(Pop3Limits limits) throws IOException {
        InMemoryMailboxes mailboxes = new InMemoryMailboxes();
        AppPasswordLogin login = account.freshLogin();
        Pop3Server pop3 = new Pop3Server(HOST, mailboxes, login, account.tls(), limits, false, false);
        Pop3Server pop3s = new Pop3Server(HOST, mailboxes, login, account.tls(), limits, true, false);
        InetSocketAddress loopback = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
        pop3.start(loopback);
        pop3s.start(loopback);
        return new Servers(mailboxes, pop3, pop3s);
    }

    /** A client context that trusts only the demo CA. */
    SSLContext clientContext() throws Exception {
        return account.clientContext();
    }

    @Override
    public void close() {
        account.close();
    }
}
