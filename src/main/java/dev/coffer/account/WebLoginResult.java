package dev.coffer.account;

import dev.coffer.store.Account;
import java.time.Duration;

/** The outcome of a web login with an authKey. */
public sealed interface WebLoginResult {

    record Success(Account account, WebSessions.Created session) implements WebLoginResult {}

    /** The authKey was right, but the account needs a second factor, and none (or a wrong one) was given. */
    record SecondFactorRequired() implements WebLoginResult {}

    /** Wrong address or authKey; the same answer for both, so nobody learns which addresses exist. */
    record Failure() implements WebLoginResult {}

    /** Too many recent failures for this account or client address. */
    record Throttled(Duration retryAfter) implements WebLoginResult {}
}
