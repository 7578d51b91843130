package dev.coffer.testing;

import dev.coffer.account.AppPasswordLogin;
import dev.coffer.account.LoginThrottle;
import dev.coffer.account.Verifiers;
import dev.coffer.crypto.ServerTls;
import dev.coffer.store.Account;
import dev.coffer.store.Store;
import dev.coffer.store.StoreFixture;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Set;
import javax.net.ssl.SSLContext;

/**
 * A real store in {@code directory/data} with one account, {@link #ALICE}, holding a read-only
 * and a send-only app password, and a demo CA with its localhost certificate in
 * {@code directory/certificates}.
 */
public record AccountFixture(Store store, Account alice, Path caPem, ServerTls tls) implements AutoCloseable {

    public static final String ALICE = "alice@example.org";

    public static AccountFixture create(Path directory, String readSecret, String sendSecret) throws IOException {
        Path data = Files.createDirectories(directory.resolve("data"));
        Path certificates = Files.createDirectories(directory.resolve("certificates"));
        Store store = Store.open(data);
        Account alice = StoreFixture.account(store, ALICE);
        store.appPasswords().add(alice.id(), "phone", Verifiers.create(readSecret), Set.of("read"));
        store.appPasswords().add(alice.id(), "laptop", Verifiers.create(sendSecret), Set.of("send"));
        ServerTls tls = TestTls.serverTls(certificates);
        return new AccountFixture(store, alice, certificates.resolve("ca.pem"), tls);
    }

    /** App password login over this store, with a throttle of its own. */
    public AppPasswordLogin freshLogin() {
        return new AppPasswordLogin(store, new LoginThrottle(Clock.systemUTC()), Clock.systemUTC());
    }

    /** A client context that trusts only the demo CA. */
    public SSLContext clientContext() throws Exception {
        return TestTls.clientTrusting(caPem);
    }

    @Override
    public void close() {
        store.close();
    }
}
