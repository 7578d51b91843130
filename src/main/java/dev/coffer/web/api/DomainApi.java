package dev.coffer.web.api;

import dev.coffer.account.DomainClaimException;
import dev.coffer.account.DomainOwnership;
import dev.coffer.account.WebSessions;
import dev.coffer.store.Account;
import dev.coffer.store.Domain;
import dev.coffer.web.Problem;
import dev.coffer.web.WebRoutes;
import io.javalin.http.Context;
import io.javalin.router.JavalinDefaultRoutingApi;
import java.util.Map;

/**
 * The user's own domains, when the operator allows them ({@code [domains] user_domains}): claim a
 * domain and get the TXT record that proves it is theirs, then ask for verification; Coffer looks the
 * record up and from then on hosts the domain.
 */
public final class DomainApi implements WebRoutes {

    private final ApiSessions sessions;
    private final DomainOwnership ownership;
    private final boolean allowed;

    public DomainApi(WebSessions webSessions, DomainOwnership ownership, boolean allowed) {
        this.sessions = new ApiSessions(webSessions);
        this.ownership = ownership;
        this.allowed = allowed;
    }

    @Override
    public void addTo(JavalinDefaultRoutingApi routes) {
        ApiException.answeredIn(routes);
        routes.get("/api/account/domains", this::list);
        routes.post("/api/account/domains", this::claim);
        routes.post("/api/account/domains/{domain}/verify", this::verify);
        routes.delete("/api/account/domains/{domain}", this::withdraw);
    }

    private void list(Context ctx) {
        Account account = sessions.require(ctx).account();
        JsonAnswer.ok(ctx, Map.of(
                "verified", ownership.owned(account),
                "pending", ownership.pending(account).stream().map(DomainApi::describe).toList()));
    }

    private void claim(Context ctx) {
        Account account = requireAllowed(ctx);
        String domain = JsonRequest.of(ctx).text("domain");
        try {
            JsonAnswer.send(ctx, 201, describe(ownership.claim(account, domain)));
        } catch (DomainClaimException e) {
            throw problem(e);
        }
    }

    private void verify(Context ctx) {
        Account account = requireAllowed(ctx);
        try {
            Domain domain = ownership.verify(account, ctx.pathParam("domain"));
            JsonAnswer.ok(ctx, Map.of("domain", domain.name(), "verified", true));
        } catch (DomainClaimException e) {
            throw problem(e);
        }
    }

    private void withdraw(Context ctx) {
        Account account = sessions.require(ctx).account();
        if (!ownership.withdraw(account, ctx.pathParam("domain"))) {
            throw new ApiException(Problem.notFound());
        }
        ctx.status(204);
    }

    private Account requireAllowed(Context ctx) {
        Account account = sessions.require(ctx).account();
        if (!allowed) {
            throw new ApiException(Problem.typed("user-domains-off", 403,
                    "This server does not let users add their own domains; ask its operator.", Map.of()));
        }
        return account;
    }

    private static ApiException problem(DomainClaimException e) {
        return switch (e.reason()) {
            case INVALID_NAME -> ApiException.badField("domain", e.getMessage());
            case ALREADY_HOSTED -> new ApiException(Problem.typed("domain-hosted", 409, e.getMessage(),
                    Map.of("field", "domain")));
            case TOO_MANY_CLAIMS -> new ApiException(Problem.typed("too-many-domains", 409, e.getMessage(), Map.of()));
            case NO_CLAIM -> new ApiException(Problem.typed("no-claim", 404, e.getMessage(), Map.of("field", "domain")));
            case NOT_PROVED -> new ApiException(Problem.typed("ownership-not-proved", 409, e.getMessage(),
                    Map.of("field", "domain")));
            case LOOKUP_FAILED -> new ApiException(Problem.typed("dns-lookup-failed", 503, e.getMessage(), Map.of()));
            case TOO_SOON -> new ApiException(Problem.typed("verification-too-soon", 429, e.getMessage(),
                    Map.of("retryAfterSeconds", DomainOwnership.LOOKUP_INTERVAL.toSeconds())));
        };
    }

    private static Map<String, Object> describe(DomainOwnership.Challenge challenge) {
        return Map.of("domain", challenge.domain(), "verified", false,
                "txt", Map.of("name", challenge.recordName(), "value", challenge.value()));
    }
}
