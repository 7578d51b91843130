package dev.coffer.web;

import dev.coffer.crypto.ServerTls;
import java.net.InetSocketAddress;
import java.util.List;

/**
 * The HTTPS listener: Coffer's own certificate and TLS policy, the security headers on every
 * answer (errors too), and the routes of the web side.
 */
public final class HttpsListener implements AutoCloseable {

    private final JavalinListener listener;

    public HttpsListener(ServerTls tls, SecurityHeaders headers, List<WebRoutes> routes) {
        List<WebRoutes> all = List.copyOf(routes);
        this.listener = new JavalinListener("https", tls, headers::forTarget,
                config -> all.forEach(group -> group.addTo(config.routes)));
    }

    public void start(InetSocketAddress bind) {
        listener.start(bind);
    }

    public int port() {
        return listener.port();
    }

    @Override
    public void close() {
        listener.close();
    }
}
