package dev.coffer.account;

import dev.coffer.store.Account;
import java.time.Duration;

/** The outcome of a protocol login with an app password. */
public sealed interface LoginResult {

    /** Logged in; {@code appPasswordName} names the app password used. */
    record Success(Account account, String appPasswordName) implements LoginResult {}

    /**
     * Wrong address or secret, or an app password without the needed scope. Protocols say
     * the same thing for all of these, so nobody learns which addresses exist.
     */
    record Failure() implements LoginResult {}

    /** Too many recent failures for this account or client address; try again after the delay. */
    record Throttled(Duration retryAfter) implements LoginResult {}
}
