package dev.coffer.web;

import dev.coffer.account.AccountException;
import dev.coffer.account.Address;
import dev.coffer.account.PublicDirectory;
import io.javalin.http.Context;
import io.javalin.router.JavalinDefaultRoutingApi;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The OpenPGP Web Key Directory (draft-koch-openpgp-webkey-service §3.1): the key of a published
 * address, as a binary transferable public key naming only that address, by the direct method
 * ({@code https://DOMAIN/.well-known/openpgpkey/hu/HASH}) and the advanced method
 * ({@code https://openpgpkey.DOMAIN/.well-known/openpgpkey/DOMAIN/hu/HASH}); the domain comes
 * from the Host header.
 */
public final class WebKeyDirectory implements WebRoutes {

    static final String PREFIX = "/.well-known/openpgpkey";

    private static final String ADVANCED_LABEL = "openpgpkey";

    // §3.1: 32 z-base-32 characters encode the 160-bit SHA-1.
    private static final Pattern HASH = Pattern.compile("[ybndrfg8ejkmcpqxot1uwisza345h769]{32}");

    private final PublicDirectory directory;

    public WebKeyDirectory(PublicDirectory directory) {
        this.directory = directory;
    }

    @Override
    public void addTo(JavalinDefaultRoutingApi routes) {
        WebRoutes.getAndHead(routes, PREFIX + "/hu/{hash}", ctx -> directDomain(ctx).ifPresentOrElse(
                domain -> key(ctx, domain), () -> notFound(ctx)));
        WebRoutes.getAndHead(routes, PREFIX + "/policy", ctx -> directDomain(ctx).ifPresentOrElse(
                domain -> policy(ctx), () -> notFound(ctx)));
        WebRoutes.getAndHead(routes, PREFIX + "/{domain}/hu/{hash}", ctx -> advancedDomain(ctx).ifPresentOrElse(
                domain -> key(ctx, domain), () -> notFound(ctx)));
        WebRoutes.getAndHead(routes, PREFIX + "/{domain}/policy", ctx -> advancedDomain(ctx).ifPresentOrElse(
                domain -> policy(ctx), () -> notFound(ctx)));
    }

    /** Direct method: the host is the mail domain itself. */
    private Optional<String> directDomain(Context ctx) {
        return RequestHost.name(ctx.header("Host")).filter(directory::hosts);
    }

    /** Advanced method: the host is openpgpkey.DOMAIN and the path names the same DOMAIN. */
    private Optional<String> advancedDomain(Context ctx) {
        String named = ctx.pathParam("domain").toLowerCase(Locale.ROOT);
        return RequestHost.name(ctx.header("Host"))
                .flatMap(host -> RequestHost.under(ADVANCED_LABEL, host))
                .filter(named::equals)
                .filter(directory::hosts);
    }

    private void key(Context ctx, String domain) {
        String hash = ctx.pathParam("hash");
        Optional<byte[]> key = HASH.matcher(hash).matches()
                ? localPart(domain, hash, ctx.queryParam("l")).flatMap(local -> publicKey(local, domain))
                : Optional.empty();
        key.ifPresentOrElse(bytes -> {
            // §3.1: let web-based clients on other origins read the key.
            ctx.header("Access-Control-Allow-Origin", "*")
                    .contentType("application/octet-stream")
                    .result(bytes);
        }, () -> notFound(ctx));
    }

    /** §3.1: the l parameter names the local part; without it (or if it disagrees) the hash is looked up. */
    private Optional<String> localPart(String domain, String hash, String hinted) {
        if (hinted != null && WkdHash.of(hinted).equals(hash)) {
            return Optional.of(hinted);
        }
        return directory.publishedLocalParts(domain).stream().filter(local -> WkdHash.of(local).equals(hash)).findFirst();
    }

    private Optional<byte[]> publicKey(String localPart, String domain) {
        try {
            return directory.publicKey(Address.parse(localPart + "@" + domain));
        } catch (AccountException e) {
            return Optional.empty();
        }
    }

    /** §4.5: the policy file may be empty; its presence says the directory is served. */
    private static void policy(Context ctx) {
        ctx.header("Access-Control-Allow-Origin", "*").contentType("text/plain; charset=utf-8").result("");
    }

    private static void notFound(Context ctx) {
        JavalinListener.problem(ctx, Problem.notFound());
    }
}
