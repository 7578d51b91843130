package dev.coffer.account;

import dev.coffer.store.Account;
import dev.coffer.store.AppPassword;
import dev.coffer.store.Store;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * Logs protocol clients (IMAP, POP3, SMTP submission) in with app passwords — never with
 * the account password, which would let the server derive the user's key (DESIGN §4).
 * Failures are throttled per account and per client address.
 */
public final class AppPasswordLogin {

    private final Store store;
    private final LoginThrottle throttle;
    private final Clock clock;

    public AppPasswordLogin(Store store, LoginThrottle throttle, Clock clock) {
        this.store = store;
        this.throttle = throttle;
        this.clock = clock;
    }

    public LoginResult login(String username, String secret, AppPasswordScope scope, InetAddress client) {
        String accountKey = "account:" + username.strip().toLowerCase(java.util.Locale.ROOT);
        String clientKey = "client:" + client.getHostAddress();
        Duration wait = longer(throttle.delay(accountKey), throttle.delay(clientKey));
        if (!wait.isZero()) {
            return new LoginResult.Throttled(wait);
        }
        Optional<LoginResult.Success> success = check(username, secret, scope);
        if (success.isEmpty()) {
            throttle.failed(accountKey);
            throttle.failed(clientKey);
            return new LoginResult.Failure();
        }
        throttle.succeeded(accountKey);
        return success.get();
    }

    private Optional<LoginResult.Success> check(String username, String secret, AppPasswordScope scope) {
        Address address;
        try {
            address = Address.parse(username);
        } catch (AccountException e) {
            return Optional.empty();
        }
        Optional<Account> account = store.accounts().findByAddress(address.toString()).filter(a -> !a.locked());
        if (account.isEmpty()) {
            return Optional.empty();
        }
        String typed = secret.strip();
        for (AppPassword password : store.appPasswords().list(account.get().id())) {
            if (password.scopes().contains(scope.id()) && Verifiers.matches(password.verifier(), typed)) {
                store.appPasswords().markUsed(password.id(), clock.instant());
                store.accounts().markActive(account.get().id(), clock.instant());
                return Optional.of(new LoginResult.Success(account.get(), password.name()));
            }
        }
        return Optional.empty();
    }

    private static Duration longer(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }
}
