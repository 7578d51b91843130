package dev.coffer.web.api;

import dev.coffer.account.AccountService;
import dev.coffer.account.Invites;
import dev.coffer.account.SecondFactors;
import dev.coffer.account.WebSessions;
import dev.coffer.store.Account;
import dev.coffer.store.Store;
import dev.coffer.web.Problem;
import dev.coffer.web.WebRoutes;
import io.javalin.http.Context;
import io.javalin.router.JavalinDefaultRoutingApi;
import java.time.Duration;
import java.util.Map;

/**
 * What an operator does over the web: list accounts, make invite codes. Only for accounts marked
 * admin ({@code coffer user admin ADDR on}), and only once such an account has a second factor:
 * until then the API stays locked, whatever the session.
 */
public final class AdminApi implements WebRoutes {

    private final ApiSessions sessions;
    private final SecondFactors secondFactors;
    private final Store store;
    private final AccountService accounts;
    private final Invites invites;

    public AdminApi(WebSessions webSessions, SecondFactors secondFactors, Store store, Invites invites) {
        this.sessions = new ApiSessions(webSessions);
        this.secondFactors = secondFactors;
        this.store = store;
        this.accounts = new AccountService(store);
        this.invites = invites;
    }

    @Override
    public void addTo(JavalinDefaultRoutingApi routes) {
        ApiException.answeredIn(routes);
        routes.get("/api/admin/accounts", this::listAccounts);
        routes.post("/api/admin/invites", this::createInvite);
    }

    /** The session's account, if it is an admin with a second factor; else 403 saying which is missing. */
    private Account requireAdmin(Context ctx) {
        Account account = sessions.require(ctx).account();
        if (!store.accounts().isAdmin(account.id())) {
            throw new ApiException(Problem.typed("not-an-admin", 403, "This account may not use the admin API.",
                    Map.of()));
        }
        if (!secondFactors.required(account)) {
            throw new ApiException(Problem.typed("second-factor-required-for-admin", 403,
                    "Set up an authenticator app or a security key first; the admin API stays locked until then.",
                    Map.of()));
        }
        return account;
    }

    private void listAccounts(Context ctx) {
        requireAdmin(ctx);
        JsonAnswer.ok(ctx, Map.of("accounts", accounts.accounts().stream().map(account -> Map.of(
                "address", account.address(),
                "createdAt", account.createdAt().toString(),
                "locked", account.locked(),
                "admin", store.accounts().isAdmin(account.id()))).toList()));
    }

    private void createInvite(Context ctx) {
        requireAdmin(ctx);
        JsonRequest request = JsonRequest.of(ctx);
        int days = request.has("days") ? request.integer("days", 1, 365) : 7;
        JsonAnswer.send(ctx, 201, Map.of("invite", invites.create(Duration.ofDays(days)), "validDays", days));
    }
}
