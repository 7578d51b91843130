package dev.coffer.web;

import dev.coffer.crypto.ServerTls;
import io.javalin.Javalin;
import io.javalin.compression.CompressionStrategy;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.NetworkConnectionLimit;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Javalin application on one connector (plain or TLS), on virtual threads: what the https
 * and http listeners share. No Server or X-Powered-By banner; every error is problem JSON.
 */
final class JavalinListener implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(JavalinListener.class);

    /** Request bodies the routes read (Autodiscover requests) are small. */
    static final long MAX_REQUEST_SIZE = 64 * 1024;

    private static final long IDLE_TIMEOUT_MILLIS = 30_000;

    /** Beyond this many open connections Jetty stops accepting until some close. */
    static final int MAX_CONNECTIONS = 4_096;

    private final String name;
    private final ServerTls tls;
    private final Function<String, Map<String, String>> headers;
    private final Consumer<JavalinConfig> routes;
    private Javalin app;
    private ServerConnector connector;

    /**
     * @param tls     the TLS side, or null for plain HTTP
     * @param headers the headers of every answer, by request target
     * @param routes  adds the listener's routes
     */
    JavalinListener(String name, ServerTls tls, Function<String, Map<String, String>> headers,
                    Consumer<JavalinConfig> routes) {
        this.name = name;
        this.tls = tls;
        this.headers = headers;
        this.routes = routes;
    }

    synchronized void start(InetSocketAddress bind) {
        if (app != null) {
            throw new IllegalStateException("the " + name + " listener was already started");
        }
        app = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.startup.showOldJavalinVersionWarning = false;
            config.concurrency.useVirtualThreads = true;
            config.http.maxRequestSize = MAX_REQUEST_SIZE;
            config.http.prefer405over404 = true;
            config.http.generateEtags = false;
            // BREACH (CVE-2013-3587): no HTTP compression of answers that may carry secrets beside reflected input.
            config.http.compressionStrategy = CompressionStrategy.NONE;
            config.jetty.modifyHttpConfiguration(JavalinListener::withoutBanner);
            config.jetty.modifyServer(server -> {
                server.setErrorHandler(new ProblemErrorHandler(headers));
                server.addBean(new NetworkConnectionLimit(MAX_CONNECTIONS, server));
            });
            config.jetty.addConnector((server, http) -> {
                connector = tls == null
                        ? new ServerConnector(server, new HttpConnectionFactory(http))
                        : new ServerConnector(server, new SslConnectionFactory(new TlsConnectorPolicy(tls), "http/1.1"),
                                new HttpConnectionFactory(withTls(http)));
                connector.setHost(bind.getAddress().getHostAddress());
                connector.setPort(bind.getPort());
                connector.setIdleTimeout(IDLE_TIMEOUT_MILLIS);
                return connector;
            });
            config.routes.before(ctx -> headers.apply(target(ctx)).forEach(ctx::header));
            config.routes.exception(HttpResponseException.class, (e, ctx) -> {
                String allowed = e.getDetails().get("availableMethods");
                if (e.getStatus() == 405 && allowed != null) {
                    // RFC 9110 §15.5.6: a 405 names the methods the resource does allow.
                    ctx.header("Allow", allowed.replaceAll("[\\[\\]]", ""));
                }
                problem(ctx, Problem.of(e.getStatus()));
            });
            config.routes.exception(Exception.class, (e, ctx) -> {
                log.warn("event=http-error listener={} reason={}", name, e.toString());
                problem(ctx, Problem.of(500));
            });
            routes.accept(config);
        });
        app.start();
        log.info("event=listening listener={} port={}", name, port());
    }

    synchronized int port() {
        if (connector == null) {
            throw new IllegalStateException("the " + name + " listener is not started");
        }
        return connector.getLocalPort();
    }

    /** Writes a problem answer; the listener's headers stay, since the before-handler already set them. */
    static void problem(Context ctx, Problem problem) {
        problem.answer(ctx);
    }

    /** The request target as sent: path and query. */
    static String target(Context ctx) {
        String query = ctx.queryString();
        return query == null ? ctx.path() : ctx.path() + "?" + query;
    }

    private static void withoutBanner(HttpConfiguration http) {
        http.setSendServerVersion(false);
        http.setSendXPoweredBy(false);
    }

    private static HttpConfiguration withTls(HttpConfiguration plain) {
        HttpConfiguration secure = new HttpConfiguration(plain);
        SecureRequestCustomizer customizer = new SecureRequestCustomizer();
        // The routes dispatch on Host, and the certificate may not name every host a client asks for.
        customizer.setSniHostCheck(false);
        secure.addCustomizer(customizer);
        return secure;
    }

    @Override
    public synchronized void close() {
        if (app != null) {
            app.stop();
        }
    }
}
