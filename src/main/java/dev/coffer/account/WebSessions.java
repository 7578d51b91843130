package dev.coffer.account;

import dev.coffer.store.Account;
import dev.coffer.store.Store;
import dev.coffer.store.WebSessionStore;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * Web login sessions: an opaque random token for the cookie, of which the store keeps only a
 * hash, and a CSRF token the client echoes in a header. A session ends after {@link #IDLE}
 * without use or {@link #ABSOLUTE} after login, whichever comes first.
 */
public final class WebSessions {

    public static final Duration IDLE = Duration.ofHours(24);
    public static final Duration ABSOLUTE = Duration.ofDays(14);
    /** Last-seen times are written at most this often, so reading mail does not mean writing the database. */
    private static final Duration TOUCH_INTERVAL = Duration.ofMinutes(1);
    private static final SecureRandom RANDOM = new SecureRandom();

    /** A new session: the cookie value, shown once, and the stored session. */
    public record Created(String token, WebSessionStore.WebSession session) {}

    /** A valid session and its account. */
    public record Active(WebSessionStore.WebSession session, Account account) {}

    private final Store store;
    private final Clock clock;

    public WebSessions(Store store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    public Created create(Account account, String description) {
        String token = randomToken();
        WebSessionStore.WebSession session = store.webSessions()
                .create(account.id(), Verifiers.tokenHash(token), randomToken(), description, clock.instant());
        return new Created(token, session);
    }

    /** The session the cookie token opens, if it exists and has not expired (an expired one is deleted). */
    public Optional<Active> authenticate(String token) {
        if (token == null || token.isEmpty() || token.length() > 100) {
            return Optional.empty();
        }
        Optional<WebSessionStore.WebSession> found = store.webSessions().findByTokenHash(Verifiers.tokenHash(token));
        if (found.isEmpty()) {
            return Optional.empty();
        }
        WebSessionStore.WebSession session = found.get();
        Instant now = clock.instant();
        if (expired(session, now)) {
            store.webSessions().delete(session.accountId(), session.id());
            return Optional.empty();
        }
        if (Duration.between(session.lastSeenAt(), now).compareTo(TOUCH_INTERVAL) > 0) {
            store.webSessions().touch(session.id(), now);
        }
        return store.accounts().findById(session.accountId()).map(account -> new Active(session, account));
    }

    /** Whether {@code presented} is the session's CSRF token (compared in constant time). */
    public static boolean csrfMatches(WebSessionStore.WebSession session, String presented) {
        return presented != null && MessageDigest.isEqual(session.csrfToken().getBytes(StandardCharsets.US_ASCII),
                presented.getBytes(StandardCharsets.US_ASCII));
    }

    /** The account's sessions that are still valid. */
    public List<WebSessionStore.WebSession> list(Account account) {
        Instant now = clock.instant();
        return store.webSessions().list(account.id()).stream().filter(session -> !expired(session, now)).toList();
    }

    public boolean revoke(Account account, long sessionId) {
        return store.webSessions().delete(account.id(), sessionId);
    }

    public int revokeAll(Account account) {
        return store.webSessions().deleteAll(account.id());
    }

    private static boolean expired(WebSessionStore.WebSession session, Instant now) {
        return Duration.between(session.lastSeenAt(), now).compareTo(IDLE) > 0
                || Duration.between(session.createdAt(), now).compareTo(ABSOLUTE) > 0;
    }

    private static String randomToken() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
