package dev.coffer.web.api;

import dev.coffer.account.WebSessions;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.util.Map;
import java.util.Set;

/**
 * The session cookie and the CSRF rule of the API. The cookie is {@code HttpOnly; Secure;
 * SameSite=Strict}; every request that changes something must also carry the session's CSRF
 * token in {@value #CSRF_HEADER} (a custom header, which a cross-site form cannot send).
 */
public final class ApiSessions {

    public static final String COOKIE = "coffer_session";
    public static final String CSRF_HEADER = "X-CSRF-Token";
    private static final Set<HandlerType> SAFE = Set.of(HandlerType.GET, HandlerType.HEAD, HandlerType.OPTIONS);

    private final WebSessions sessions;

    ApiSessions(WebSessions sessions) {
        this.sessions = sessions;
    }

    /** The request's session, or 401; for unsafe methods also the CSRF check, else 403. */
    WebSessions.Active require(Context ctx) {
        WebSessions.Active active = sessions.authenticate(ctx.cookie(COOKIE)).orElseThrow(() ->
                ApiException.unauthorized("not-logged-in", "Log in first; the session is missing or has expired.",
                        Map.of()));
        if (!SAFE.contains(ctx.method()) && !WebSessions.csrfMatches(active.session(), ctx.header(CSRF_HEADER))) {
            throw new ApiException(dev.coffer.web.Problem.typed("csrf-token-missing", 403,
                    "Send the session's CSRF token in the " + CSRF_HEADER + " header.", Map.of()));
        }
        return active;
    }

    /** Sets the cookie of a new session; it lasts as long as the session can. */
    static void setCookie(Context ctx, String token) {
        ctx.header("Set-Cookie", COOKIE + "=" + token + "; Path=/; Max-Age=" + WebSessions.ABSOLUTE.toSeconds()
                + "; HttpOnly; Secure; SameSite=Strict");
    }

    static void clearCookie(Context ctx) {
        ctx.header("Set-Cookie", COOKIE + "=; Path=/; Max-Age=0; HttpOnly; Secure; SameSite=Strict");
    }
}
