package dev.coffer.web.api;

import dev.coffer.account.AccountException;
import dev.coffer.account.AliasWkd;
import dev.coffer.account.WebSessions;
import dev.coffer.store.Account;
import dev.coffer.web.Problem;
import dev.coffer.web.WebRoutes;
import io.javalin.http.Context;
import io.javalin.router.JavalinDefaultRoutingApi;
import java.util.Locale;
import java.util.Map;

/**
 * The user's aliases and their opt-in to the Web Key Directory: the client uploads the account's
 * key with a user ID for the alias that it certified itself; removing it withdraws the alias.
 */
public final class AliasApi implements WebRoutes {

    private final ApiSessions sessions;
    private final AliasWkd aliasWkd;

    public AliasApi(WebSessions webSessions, AliasWkd aliasWkd) {
        this.sessions = new ApiSessions(webSessions);
        this.aliasWkd = aliasWkd;
    }

    @Override
    public void addTo(JavalinDefaultRoutingApi routes) {
        ApiException.answeredIn(routes);
        routes.get("/api/account/aliases", this::list);
        routes.post("/api/account/aliases/{address}/wkd", this::publish);
        routes.delete("/api/account/aliases/{address}/wkd", this::withdraw);
    }

    private void list(Context ctx) {
        Account account = sessions.require(ctx).account();
        JsonAnswer.ok(ctx, Map.of("aliases", aliasWkd.aliases(account).stream()
                .map(entry -> Map.of("address", entry.address(), "wkd", entry.published())).toList()));
    }

    private void publish(Context ctx) {
        Account account = sessions.require(ctx).account();
        String alias = ownAlias(ctx, account);
        String publicKey = JsonRequest.of(ctx).text("publicKey");
        try {
            aliasWkd.publish(account, alias, publicKey);
        } catch (AccountException e) {
            throw new ApiException(Problem.typed("alias-key-refused", 400, e.getMessage(), Map.of()));
        }
        ctx.status(204);
    }

    private void withdraw(Context ctx) {
        Account account = sessions.require(ctx).account();
        try {
            aliasWkd.withdraw(account, ownAlias(ctx, account));
        } catch (AccountException e) {
            throw new ApiException(Problem.notFound());
        }
        ctx.status(204);
    }

    /** The alias the path names, if it is one of the account's; 404 otherwise (as for any other account's). */
    private String ownAlias(Context ctx, Account account) {
        String named = ctx.pathParam("address").strip().toLowerCase(Locale.ROOT);
        return aliasWkd.aliases(account).stream().map(AliasWkd.Entry::address).filter(named::equals).findFirst()
                .orElseThrow(() -> new ApiException(Problem.notFound()));
    }
}
