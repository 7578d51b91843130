package dev.coffer.account;

import dev.coffer.store.Account;
import dev.coffer.store.AppPassword;
import dev.coffer.store.Store;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Deletion of an account by its own user: it is locked at once (no logins, no sessions, no
 * mail), and after the grace period its keys are shredded and its data deleted. The address
 * is never given out again, so nobody can receive mail meant for the old owner.
 */
public final class AccountDeletion {

    public static final Duration DEFAULT_GRACE = Duration.ofDays(30);

    private final Store store;
    private final AccountService accounts;
    private final WebSessions sessions;
    private final SecurityLog log;
    private final Clock clock;
    private final Duration grace;

    public AccountDeletion(Store store, AccountService accounts, WebSessions sessions, SecurityLog log, Clock clock,
                           Duration grace) {
        this.store = store;
        this.accounts = accounts;
        this.sessions = sessions;
        this.log = log;
        this.clock = clock;
        this.grace = grace;
    }

    /** Locks the account now; returns when its data will be shredded. */
    public Instant request(Account account) {
        Instant now = clock.instant();
        store.accounts().lock(account.id(), now);
        sessions.revokeAll(account);
        for (AppPassword password : store.appPasswords().list(account.id())) {
            store.appPasswords().revoke(account.id(), password.name());
        }
        Instant shredAt = now.plus(grace);
        log.record(account, "deletion-requested", "locked; data shredded after " + shredAt);
        return shredAt;
    }

    /**
     * The operator's policy for abandoned accounts: every account without a login for
     * {@code inactivity} is locked as if its user had asked for deletion, and shredded after the
     * same grace period. Returns how many were locked.
     */
    public int lockInactive(Duration inactivity) {
        int locked = 0;
        for (Account account : store.accounts().inactiveSince(clock.instant().minus(inactivity))) {
            request(account);
            log.record(account, "locked-inactive", "no login for " + inactivity.toDays() + " days");
            locked++;
        }
        return locked;
    }

    /** Shreds every account whose grace period is over; returns how many. */
    public int purgeDue() {
        int purged = 0;
        for (Account account : store.accounts().lockedBefore(clock.instant().minus(grace))) {
            accounts.shred(account);
            purged++;
        }
        return purged;
    }
}
