package dev.coffer.web;

import io.javalin.http.Handler;
import io.javalin.router.JavalinDefaultRoutingApi;

/** A group of HTTPS routes (WKD, MTA-STS, autoconfiguration, …) that adds itself to the listener. */
public interface WebRoutes {

    void addTo(JavalinDefaultRoutingApi routes);

    /** A resource that answers GET, and HEAD with the same headers. */
    static void getAndHead(JavalinDefaultRoutingApi routes, String path, Handler handler) {
        routes.get(path, handler);
        routes.head(path, handler);
    }
}
