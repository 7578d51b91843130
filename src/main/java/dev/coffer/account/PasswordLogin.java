package dev.coffer.account;

import dev.coffer.crypto.KdfParams;
import dev.coffer.store.Account;
import dev.coffer.store.Store;
import java.net.InetAddress;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;

/**
 * The zero-knowledge web login (DESIGN §4). The client asks for the account's salt and Argon2
 * parameters, derives {@code master} from the password itself, and sends only
 * {@code authKey = HKDF(master, "coffer auth")}; the server checks it against a verifier.
 * Unknown addresses get a salt too — a fake one, the same on every request — so the answers
 * do not tell which addresses exist.
 */
public final class PasswordLogin {

    /** What a client needs to derive its keys. */
    public record Prelogin(byte[] salt, KdfParams kdf) {}

    private static final String DUMMY_VERIFIER = Verifiers.create(randomBytes(32));

    private final Store store;
    private final LoginThrottle throttle;
    private final SecondFactors secondFactors;
    private final WebSessions sessions;
    private final SecurityLog log;
    private final FakeSalts fakeSalts;

    /** @param fakeSaltKey a node secret from which unknown addresses' salts are made (HMAC) */
    public PasswordLogin(Store store, LoginThrottle throttle, SecondFactors secondFactors, WebSessions sessions,
                         SecurityLog log, byte[] fakeSaltKey) {
        this.store = store;
        this.throttle = throttle;
        this.secondFactors = secondFactors;
        this.sessions = sessions;
        this.log = log;
        this.fakeSalts = new FakeSalts(fakeSaltKey);
    }

    public Prelogin prelogin(String address) {
        Optional<Account> account = find(address);
        if (account.isPresent()) {
            Account.Credentials credentials = account.get().credentials();
            return new Prelogin(Base64.getDecoder().decode(credentials.kdfSalt()), new KdfParams(
                    credentials.kdfMemoryKiB(), credentials.kdfIterations(), credentials.kdfParallelism()));
        }
        return new Prelogin(fakeSalts.of("password", address), KdfParams.DEFAULT);
    }

    /**
     * Checks the authKey and, when the account has one, the second factor; opens a session on success.
     *
     * @param secondFactor a TOTP code, recovery code or security key assertion, or null
     * @param description  what the session list shows for this session (browser and system)
     */
    public WebLoginResult login(String address, byte[] authKey, SecondFactorProof secondFactor, InetAddress client,
                                String description) {
        String accountKey = "account:" + normalize(address);
        String clientKey = "client:" + client.getHostAddress();
        Duration wait = longer(throttle.delay(accountKey), throttle.delay(clientKey));
        if (!wait.isZero()) {
            return new WebLoginResult.Throttled(wait);
        }
        Optional<Account> found = find(address);
        boolean keyMatches;
        if (found.isPresent()) {
            keyMatches = Verifiers.matches(found.get().credentials().authVerifier(), authKey);
        } else {
            // The same work as for a real account, so the time taken does not tell which addresses exist.
            Verifiers.matches(DUMMY_VERIFIER, authKey);
            keyMatches = false;
        }
        if (!keyMatches) {
            fail(found, accountKey, clientKey, client, "wrong password");
            return new WebLoginResult.Failure();
        }
        Account account = found.get();
        if (secondFactors.required(account)) {
            if (secondFactor == null) {
                return secondFactors.challenge(account);
            }
            if (!secondFactors.verify(account, secondFactor)) {
                fail(found, accountKey, clientKey, client, "wrong second factor");
                return secondFactors.challenge(account);
            }
        }
        throttle.succeeded(accountKey);
        throttle.succeeded(clientKey);
        log.record(account, "login", description, client);
        store.accounts().markActive(account.id(), Instant.now());
        return new WebLoginResult.Success(account, sessions.create(account, description));
    }

    private void fail(Optional<Account> account, String accountKey, String clientKey, InetAddress client,
                      String reason) {
        boolean wasOpen = throttle.delay(accountKey).isZero();
        throttle.failed(accountKey);
        throttle.failed(clientKey);
        account.ifPresent(found -> {
            log.record(found, "login-failed", reason, client);
            if (wasOpen && !throttle.delay(accountKey).isZero()) {
                log.record(found, "login-locked", "too many failed logins; logins wait "
                        + throttle.delay(accountKey).toSeconds() + " s");
            }
        });
    }

    private Optional<Account> find(String address) {
        if (address == null) {
            return Optional.empty();
        }
        try {
            return store.accounts().findByAddress(Address.parse(address).toString()).filter(a -> !a.locked());
        } catch (AccountException e) {
            return Optional.empty();
        }
    }

    private static String normalize(String address) {
        return address == null ? "" : address.strip().toLowerCase(Locale.ROOT);
    }

    private static Duration longer(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    private static byte[] randomBytes(int length) {
        byte[] bytes = new byte[length];
        new SecureRandom().nextBytes(bytes);
        return bytes;
    }
}
