package dev.coffer.account;

import dev.coffer.crypto.KdfParams;
import dev.coffer.crypto.KeyFormatException;
import dev.coffer.crypto.UploadedKeys;
import dev.coffer.store.Account;
import dev.coffer.store.AccountStore;
import dev.coffer.store.Store;
import java.net.InetAddress;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;

/**
 * A forgotten password, recovered with the recovery phrase (DESIGN §4). The client derives an
 * authKey and a keyKey from the phrase as it does from a password; with that authKey the server
 * hands out the recovery copy of the secret key, which only the phrase's keyKey opens. The
 * client then sets a new password: the same key, re-protected, with a new salt and authKey.
 * Failures are throttled like logins.
 */
public final class PhraseRecovery {

    private static final String PURPOSE = "recovery";

    private final Store store;
    private final AccountService accounts;
    private final LoginThrottle throttle;
    private final WebSessions sessions;
    private final SecurityLog log;
    private final FakeSalts fakeSalts;

    public PhraseRecovery(Store store, AccountService accounts, LoginThrottle throttle, WebSessions sessions,
                          SecurityLog log, byte[] fakeSaltKey) {
        this.store = store;
        this.accounts = accounts;
        this.throttle = throttle;
        this.sessions = sessions;
        this.log = log;
        this.fakeSalts = new FakeSalts(fakeSaltKey);
    }

    /** The phrase's salt; a fake one, the same each time, for an address without an account or a phrase. */
    public byte[] salt(String address) {
        return find(address).flatMap(account -> store.accounts().recovery(account.id()))
                .map(recovery -> Base64.getDecoder().decode(recovery.salt()))
                .orElseGet(() -> fakeSalts.of(PURPOSE, address));
    }

    /** The outcome of presenting the phrase's authKey. */
    public sealed interface Outcome {
        record Opened(Account account, String recoveryCopy) implements Outcome {}

        record Wrong() implements Outcome {}

        record Throttled(Duration retryAfter) implements Outcome {}
    }

    /** The recovery copy of the secret key, for the phrase's authKey. */
    public Outcome open(String address, byte[] phraseAuthKey, InetAddress client) {
        String accountKey = "recovery:" + address.strip().toLowerCase(java.util.Locale.ROOT);
        String clientKey = "recovery-client:" + client.getHostAddress();
        Duration accountWait = throttle.delay(accountKey);
        Duration clientWait = throttle.delay(clientKey);
        Duration wait = accountWait.compareTo(clientWait) >= 0 ? accountWait : clientWait;
        if (!wait.isZero()) {
            return new Outcome.Throttled(wait);
        }
        Optional<Account> account = find(address);
        Optional<AccountStore.Recovery> recovery = account.flatMap(found -> store.accounts().recovery(found.id()));
        if (recovery.isEmpty() || !Verifiers.matches(recovery.get().verifier(), phraseAuthKey)) {
            throttle.failed(accountKey);
            throttle.failed(clientKey);
            account.ifPresent(found -> log.record(found, "recovery-failed", "wrong recovery phrase", client));
            return new Outcome.Wrong();
        }
        throttle.succeeded(accountKey);
        return new Outcome.Opened(account.get(), recovery.get().secretKey());
    }

    /**
     * Sets the new password after the phrase opened the account.
     *
     * @throws AccountException when the phrase is wrong or the new secret key is not the account's
     */
    public void reset(String address, byte[] phraseAuthKey, byte[] salt, KdfParams kdf, byte[] authKey,
                      String secretKey, InetAddress client) throws AccountException {
        if (!(open(address, phraseAuthKey, client) instanceof Outcome.Opened opened)) {
            throw new AccountException("the recovery phrase is wrong");
        }
        KdfPolicy.require(kdf);
        Account account = opened.account();
        try {
            UploadedKeys.checkSecretKey(account.publicKey(), secretKey);
        } catch (KeyFormatException e) {
            throw new AccountException(e.getMessage());
        }
        accounts.replaceCredentials(account, new Enrollment(salt, kdf, authKey, account.publicKey(), secretKey,
                account.keyFingerprint()));
        sessions.revokeAll(account);
        log.record(account, "password-reset", "with the recovery phrase; every session ended", client);
    }

    private Optional<Account> find(String address) {
        try {
            return accounts.find(Address.parse(address)).filter(account -> !account.locked());
        } catch (AccountException e) {
            return Optional.empty();
        }
    }
}
