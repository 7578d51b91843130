package dev.coffer.web;

import io.javalin.http.Context;
import java.net.InetSocketAddress;
import java.util.Map;

/**
 * The plain-HTTP listener. It serves only ACME HTTP-01 challenges (RFC 8555 §8.3); every other
 * request is sent, with 301, to the same host and target over HTTPS.
 */
public final class HttpRedirectListener implements AutoCloseable {

    static final String ACME_PREFIX = "/.well-known/acme-challenge/";

    private final AcmeChallenges challenges;
    private final int httpsPort;
    private final String fallbackHost;
    private final JavalinListener listener;

    /**
     * @param httpsPort    the port the https listener is reached on; 443 is left out of the URL
     * @param fallbackHost the host to send clients to when their Host header is missing or unusable
     */
    public HttpRedirectListener(AcmeChallenges challenges, int httpsPort, String fallbackHost) {
        this.challenges = challenges;
        this.httpsPort = httpsPort;
        this.fallbackHost = fallbackHost;
        // RFC 6797 §7.2: no Strict-Transport-Security over plain HTTP.
        this.listener = new JavalinListener("http", null, target -> Map.of("X-Content-Type-Options", "nosniff"),
                config -> config.routes.before(this::answer));
    }

    public void start(InetSocketAddress bind) {
        listener.start(bind);
    }

    public int port() {
        return listener.port();
    }

    private void answer(Context ctx) {
        ctx.skipRemainingHandlers();
        String path = ctx.path();
        if (path.startsWith(ACME_PREFIX)) {
            challenges.keyAuthorization(path.substring(ACME_PREFIX.length())).ifPresentOrElse(
                    keyAuthorization -> ctx.contentType("application/octet-stream").result(keyAuthorization),
                    () -> JavalinListener.problem(ctx, Problem.notFound()));
            return;
        }
        String host = RequestHost.name(ctx.header("Host")).orElse(fallbackHost);
        String port = httpsPort == 443 ? "" : ":" + httpsPort;
        ctx.status(301).header("Location", "https://" + host + port + JavalinListener.target(ctx));
    }

    @Override
    public void close() {
        listener.close();
    }
}
