package dev.coffer.web.webmail;

import dev.coffer.web.WebRoutes;
import io.javalin.http.Context;
import io.javalin.router.JavalinDefaultRoutingApi;

/**
 * The webmail at {@code /}: the page is never cached without asking again ({@code no-cache}), so a
 * new release is picked up at once; the scripts and styles live at versioned paths and are cached
 * for a year, immutable.
 */
public final class WebmailRoutes implements WebRoutes {

    private static final String PAGE_CACHE = "no-cache";
    private static final String ASSET_CACHE = "public, max-age=31536000, immutable";

    private final WebmailAssets assets;

    public WebmailRoutes(WebmailAssets assets) {
        this.assets = assets;
    }

    @Override
    public void addTo(JavalinDefaultRoutingApi routes) {
        WebRoutes.getAndHead(routes, "/", this::page);
        for (WebmailAssets.Asset asset : assets.assets()) {
            WebRoutes.getAndHead(routes, asset.path(), ctx -> asset(ctx, asset));
        }
    }

    private void page(Context ctx) {
        ctx.header("Cache-Control", PAGE_CACHE).contentType("text/html; charset=utf-8").result(assets.page());
    }

    private static void asset(Context ctx, WebmailAssets.Asset asset) {
        ctx.header("Cache-Control", ASSET_CACHE).contentType(asset.mediaType()).result(asset.bytes());
    }
}
