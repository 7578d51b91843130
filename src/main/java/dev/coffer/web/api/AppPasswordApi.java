package dev.coffer.web.api;

import dev.coffer.account.AccountException;
import dev.coffer.account.AccountService;
import dev.coffer.account.AppPasswordScope;
import dev.coffer.account.AppToken;
import dev.coffer.account.NewAppPassword;
import dev.coffer.account.WebSessions;
import dev.coffer.store.Account;
import dev.coffer.store.AppPassword;
import dev.coffer.web.Problem;
import dev.coffer.web.WebRoutes;
import io.javalin.http.Context;
import io.javalin.router.JavalinDefaultRoutingApi;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The user's own app passwords, the only secrets IMAP, POP3 and SMTP accept: listed by name,
 * scope and last use; a new one is shown once; any can be revoked.
 */
public final class AppPasswordApi implements WebRoutes {

    private final ApiSessions sessions;
    private final AccountService accounts;

    public AppPasswordApi(WebSessions webSessions, AccountService accounts) {
        this.sessions = new ApiSessions(webSessions);
        this.accounts = accounts;
    }

    @Override
    public void addTo(JavalinDefaultRoutingApi routes) {
        ApiException.answeredIn(routes);
        routes.get("/api/account/app-passwords", this::list);
        routes.post("/api/account/app-passwords", this::create);
        routes.delete("/api/account/app-passwords/{name}", this::revoke);
    }

    private void list(Context ctx) {
        Account account = sessions.require(ctx).account();
        try {
            JsonAnswer.ok(ctx, Map.of("appPasswords", accounts.appPasswords(account.address()).stream()
                    .map(AppPasswordApi::describe).toList()));
        } catch (AccountException e) {
            throw new ApiException(Problem.notFound());
        }
    }

    private void create(Context ctx) {
        Account account = sessions.require(ctx).account();
        JsonRequest request = JsonRequest.of(ctx);
        Set<AppPasswordScope> scopes = EnumSet.noneOf(AppPasswordScope.class);
        try {
            for (String scope : request.text("scopes").split(",")) {
                scopes.add(AppPasswordScope.parse(scope));
            }
        } catch (AccountException e) {
            throw ApiException.badField("scopes", e.getMessage());
        }
        try {
            NewAppPassword created = accounts.addAppPassword(account.address(), request.text("name"), scopes);
            Map<String, Object> answer = new LinkedHashMap<>(describe(created.record()));
            answer.put("secret", created.secret());
            if (scopes.contains(AppPasswordScope.JMAP)) {
                answer.put("jmapToken", new AppToken(account.address(), created.secret()).encode());
            }
            JsonAnswer.send(ctx, 201, answer);
        } catch (AccountException e) {
            throw new ApiException(Problem.typed("app-password-refused", 400, e.getMessage(), Map.of()));
        }
    }

    private void revoke(Context ctx) {
        Account account = sessions.require(ctx).account();
        try {
            accounts.revokeAppPassword(account.address(), ctx.pathParam("name"));
        } catch (AccountException e) {
            throw new ApiException(Problem.notFound());
        }
        ctx.status(204);
    }

    private static Map<String, Object> describe(AppPassword password) {
        return Map.of("name", password.name(),
                "scopes", password.scopes().stream().sorted().toList(),
                "createdAt", password.createdAt().toString(),
                "lastUsedAt", password.lastUsedAt() == null ? "" : password.lastUsedAt().toString());
    }
}
