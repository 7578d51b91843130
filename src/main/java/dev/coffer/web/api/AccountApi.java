package dev.coffer.web.api;

import dev.coffer.account.AccountDeletion;
import dev.coffer.account.AccountException;
import dev.coffer.account.PasswordChange;
import dev.coffer.account.SecondFactors;
import dev.coffer.account.SecurityKeys;
import dev.coffer.account.SecurityLog;
import dev.coffer.account.Verifiers;
import dev.coffer.account.WebSessions;
import dev.coffer.store.Account;
import dev.coffer.web.Problem;
import dev.coffer.web.WebRoutes;
import io.javalin.http.Context;
import io.javalin.router.JavalinDefaultRoutingApi;
import java.util.List;
import java.util.Map;

/**
 * What a logged-in user manages about their own account: sessions, second factors (TOTP,
 * security keys, recovery codes), the security log, and deletion. Every route needs the
 * session cookie, and every change the CSRF token too (see {@link ApiSessions}).
 */
public final class AccountApi implements WebRoutes {

    private static final int AUTH_KEY_BYTES = 32;
    private static final int SALT_BYTES = 16;
    private static final int LOG_ENTRIES = 100;

    private final ApiSessions sessions;
    private final WebSessions webSessions;
    private final SecondFactors secondFactors;
    private final SecurityKeys securityKeys;
    private final SecurityLog log;
    private final AccountDeletion deletion;
    private final PasswordChange passwordChange;

    public AccountApi(WebSessions webSessions, SecondFactors secondFactors, SecurityKeys securityKeys,
                      SecurityLog log, AccountDeletion deletion, PasswordChange passwordChange) {
        this.sessions = new ApiSessions(webSessions);
        this.webSessions = webSessions;
        this.secondFactors = secondFactors;
        this.securityKeys = securityKeys;
        this.log = log;
        this.deletion = deletion;
        this.passwordChange = passwordChange;
    }

    @Override
    public void addTo(JavalinDefaultRoutingApi routes) {
        ApiException.answeredIn(routes);
        routes.get("/api/account", this::account);
        routes.get("/api/account/sessions", this::listSessions);
        routes.delete("/api/account/sessions/{id}", this::revokeSession);
        routes.post("/api/account/totp", this::beginTotp);
        routes.post("/api/account/totp/confirm", this::confirmTotp);
        routes.delete("/api/account/totp", this::removeTotp);
        routes.post("/api/account/recovery-codes", this::newRecoveryCodes);
        routes.post("/api/account/security-keys/options", this::securityKeyOptions);
        routes.post("/api/account/security-keys", this::registerSecurityKey);
        routes.delete("/api/account/security-keys/{name}", this::removeSecurityKey);
        routes.get("/api/account/security-log", this::securityLog);
        routes.post("/api/account/delete", this::delete);
        routes.post("/api/account/password", this::changePassword);
    }

    private void account(Context ctx) {
        WebSessions.Active active = sessions.require(ctx);
        Account account = active.account();
        JsonAnswer.ok(ctx, Map.of(
                "address", account.address(),
                "csrfToken", active.session().csrfToken(),
                "secondFactor", secondFactors.required(account),
                "recoveryCodesLeft", secondFactors.unusedRecoveryCodes(account),
                "securityKeys", securityKeys.list(account).stream().map(key -> Map.of(
                        "name", key.name(),
                        "createdAt", key.createdAt().toString(),
                        "lastUsedAt", key.lastUsedAt() == null ? "" : key.lastUsedAt().toString())).toList()));
    }

    private void listSessions(Context ctx) {
        WebSessions.Active active = sessions.require(ctx);
        JsonAnswer.ok(ctx, Map.of("sessions", webSessions.list(active.account()).stream().map(session -> Map.of(
                "id", session.id(),
                "description", session.description(),
                "createdAt", session.createdAt().toString(),
                "lastSeenAt", session.lastSeenAt().toString(),
                "current", session.id() == active.session().id())).toList()));
    }

    private void revokeSession(Context ctx) {
        WebSessions.Active active = sessions.require(ctx);
        long id;
        try {
            id = Long.parseLong(ctx.pathParam("id"));
        } catch (NumberFormatException e) {
            throw new ApiException(Problem.notFound());
        }
        if (!webSessions.revoke(active.account(), id)) {
            throw new ApiException(Problem.notFound());
        }
        ctx.status(204);
    }

    private void beginTotp(Context ctx) {
        SecondFactors.TotpEnrollment enrollment = secondFactors.beginTotp(sessions.require(ctx).account());
        JsonAnswer.ok(ctx, Map.of("secret", enrollment.secret(), "otpauthUri", enrollment.otpauthUri()));
    }

    private void confirmTotp(Context ctx) {
        Account account = sessions.require(ctx).account();
        String code = JsonRequest.of(ctx).text("code");
        List<String> recoveryCodes = secondFactors.confirmTotp(account, code).orElseThrow(() ->
                ApiException.badField("code", "The code does not match; check the authenticator app's clock."));
        JsonAnswer.ok(ctx, Map.of("recoveryCodes", recoveryCodes));
    }

    private void removeTotp(Context ctx) {
        secondFactors.removeTotp(sessions.require(ctx).account());
        ctx.status(204);
    }

    private void newRecoveryCodes(Context ctx) {
        Account account = sessions.require(ctx).account();
        JsonAnswer.ok(ctx, Map.of("recoveryCodes", secondFactors.newRecoveryCodes(account)));
    }

    private void securityKeyOptions(Context ctx) {
        JsonAnswer.ok(ctx, securityKeys.startRegistration(sessions.require(ctx).account()));
    }

    private void registerSecurityKey(Context ctx) {
        Account account = sessions.require(ctx).account();
        JsonRequest request = JsonRequest.of(ctx);
        try {
            securityKeys.finishRegistration(account, request.text("name"), request.json("credential"));
        } catch (AccountException e) {
            throw new ApiException(Problem.typed("security-key-refused", 400, e.getMessage(), Map.of()));
        }
        ctx.status(201);
    }

    private void removeSecurityKey(Context ctx) {
        if (!securityKeys.remove(sessions.require(ctx).account(), ctx.pathParam("name"))) {
            throw new ApiException(Problem.notFound());
        }
        ctx.status(204);
    }

    private void securityLog(Context ctx) {
        Account account = sessions.require(ctx).account();
        JsonAnswer.ok(ctx, Map.of("entries", log.recent(account, LOG_ENTRIES).stream().map(entry -> Map.of(
                "at", entry.at().toString(), "event", entry.event(), "detail", entry.detail())).toList()));
    }

    /** The new salt, parameters, authKey and re-protected secret key replace the old ones together. */
    private void changePassword(Context ctx) {
        WebSessions.Active active = sessions.require(ctx);
        JsonRequest request = JsonRequest.of(ctx);
        try {
            passwordChange.change(active.account(), request.base64("currentAuthKey", AUTH_KEY_BYTES),
                    request.base64("salt", SALT_BYTES), request.kdf("kdf"), request.base64("authKey", AUTH_KEY_BYTES),
                    request.text("secretKey"), active.session().id());
        } catch (AccountException e) {
            throw new ApiException(Problem.typed("password-change-refused", 400, e.getMessage(), Map.of()));
        }
        ctx.status(204);
    }

    /** Deletion needs the authKey again, so a session left open on a shared computer cannot do it alone. */
    private void delete(Context ctx) {
        WebSessions.Active active = sessions.require(ctx);
        byte[] authKey = JsonRequest.of(ctx).base64("authKey", AUTH_KEY_BYTES);
        if (!Verifiers.matches(active.account().credentials().authVerifier(), authKey)) {
            throw ApiException.unauthorized("invalid-credentials", "The password is wrong.", Map.of());
        }
        ApiSessions.clearCookie(ctx);
        JsonAnswer.ok(ctx, Map.of("deletedAt", deletion.request(active.account()).toString()));
    }
}
