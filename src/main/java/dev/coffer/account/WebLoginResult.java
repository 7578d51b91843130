package dev.coffer.account;

import dev.coffer.store.Account;
import java.time.Duration;

/** The outcome of a web login with an authKey. */
public sealed interface WebLoginResult {

    record Success(Account account, WebSessions.Created session) implements WebLoginResult {}

    /**
     * The authKey was right, but the account needs a second factor, and none (or a wrong one) was
     * given. {@code securityKey} holds fresh WebAuthn request options when the account has security
     * keys (null otherwise); {@code code} tells whether a TOTP or recovery code is accepted.
     */
    record SecondFactorRequired(boolean code, SecurityKeys.RequestOptions securityKey) implements WebLoginResult {}

    /** Wrong address or authKey; the same answer for both, so nobody learns which addresses exist. */
    record Failure() implements WebLoginResult {}

    /** Too many recent failures for this account or client address. */
    record Throttled(Duration retryAfter) implements WebLoginResult {}
}
