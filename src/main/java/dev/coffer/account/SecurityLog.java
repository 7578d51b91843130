package dev.coffer.account;

import dev.coffer.store.Account;
import dev.coffer.store.SecurityLogStore;
import dev.coffer.store.Store;
import java.net.InetAddress;
import java.time.Clock;
import java.util.List;

/**
 * The account's security log, which its user can read: logins, lockouts, factors and
 * sessions. Client addresses are written only when the operator turned IP logging on.
 */
public final class SecurityLog {

    private final Store store;
    private final Clock clock;
    private final boolean logIpAddresses;

    public SecurityLog(Store store, Clock clock, boolean logIpAddresses) {
        this.store = store;
        this.clock = clock;
        this.logIpAddresses = logIpAddresses;
    }

    public void record(Account account, String event, String detail) {
        store.securityLog().add(account.id(), clock.instant(), event, detail);
    }

    /** Records an event caused by a client: its address is added only where the operator allows it. */
    public void record(Account account, String event, String detail, InetAddress client) {
        String where = logIpAddresses && client != null ? " from " + client.getHostAddress() : "";
        record(account, event, detail + where);
    }

    public List<SecurityLogStore.Entry> recent(Account account, int limit) {
        return store.securityLog().recent(account.id(), limit);
    }
}
