package dev.coffer.web;

import dev.coffer.account.PublicDirectory;
import io.javalin.http.Context;
import io.javalin.router.JavalinDefaultRoutingApi;

/** Serves the MTA-STS policy at {@code https://mta-sts.DOMAIN/.well-known/mta-sts.txt} for each hosted domain (RFC 8461 §3.2). */
public final class MtaStsHosting implements WebRoutes {

    static final String PATH = "/.well-known/mta-sts.txt";

    private final PublicDirectory directory;
    private final MtaStsPolicyFile policy;

    public MtaStsHosting(PublicDirectory directory, MtaStsPolicyFile policy) {
        this.directory = directory;
        this.policy = policy;
    }

    @Override
    public void addTo(JavalinDefaultRoutingApi routes) {
        WebRoutes.getAndHead(routes, PATH, this::answer);
    }

    private void answer(Context ctx) {
        boolean hosted = RequestHost.name(ctx.header("Host"))
                .flatMap(host -> RequestHost.under("mta-sts", host))
                .filter(directory::hosts)
                .isPresent();
        if (hosted) {
            // RFC 8461 §3.3: the policy is served as text/plain.
            ctx.contentType("text/plain; charset=utf-8").result(policy.text());
        } else {
            JavalinListener.problem(ctx, Problem.notFound());
        }
    }
}
