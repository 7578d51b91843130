package dev.coffer.web;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.coffer.account.AppPasswordLogin;
import dev.coffer.account.AppPasswordScope;
import dev.coffer.account.AppToken;
import dev.coffer.account.LoginResult;
import dev.coffer.account.WebSessions;
import dev.coffer.jmap.EventSourceStream;
import dev.coffer.jmap.Jmap;
import dev.coffer.jmap.JmapBlobs;
import dev.coffer.jmap.JmapDispatcher;
import dev.coffer.jmap.Login;
import dev.coffer.jmap.JmapWebSocket;
import dev.coffer.jmap.RequestError;
import dev.coffer.store.Account;
import dev.coffer.web.api.ApiSessions;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.javalin.http.HttpStatus;
import io.javalin.router.JavalinDefaultRoutingApi;
import io.javalin.websocket.WsContext;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * JMAP over HTTPS (RFC 8620): {@code /.well-known/jmap}, the session resource, the API,
 * upload, download, EventSource push, and WebSocket (RFC 8887) at {@code /jmap/ws}. Clients authenticate with an app password of scope
 * {@code jmap} — as {@code Authorization: Bearer} with its {@link AppToken} or {@code Basic}
 * with address and app password — or, for the webmail, with its session cookie (and the CSRF
 * header on POST). The account password is never accepted here.
 */
public final class JmapRoutes implements WebRoutes {

    private static final Logger LOG = LoggerFactory.getLogger(JmapRoutes.class);
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9.-]{1,253}(:[0-9]{1,5})?|\\[[0-9A-Fa-f:.]{2,45}\\](:[0-9]{1,5})?");
    /** RFC 7235 §4.1: the schemes a client may use, in the 401 answer. */
    private static final String ACCOUNT = "coffer.jmap.account";
    /** WebSocket pings keep an idle connection under the listener's idle timeout. */
    private static final Duration WEBSOCKET_PING = Duration.ofSeconds(20);
    private static final String CHALLENGE = "Bearer realm=\"jmap\", Basic realm=\"jmap\", charset=\"UTF-8\"";

    private final Jmap jmap;
    private final WebSessions sessions;
    private final AppPasswordLogin login;
    private final String hostname;
    private final Map<String, JmapWebSocket> webSockets = new ConcurrentHashMap<>();

    public JmapRoutes(Jmap jmap, WebSessions sessions, AppPasswordLogin login, String hostname) {
        this.jmap = jmap;
        this.sessions = sessions;
        this.login = login;
        this.hostname = hostname;
    }

    @Override
    public void addTo(JavalinDefaultRoutingApi routes) {
        routes.exception(Refused.class, (e, ctx) -> e.answer(ctx));
        // RFC 8620 §2.2: the well-known URI leads to the session resource.
        WebRoutes.getAndHead(routes, "/.well-known/jmap", ctx -> ctx.redirect("/jmap/session",
                HttpStatus.TEMPORARY_REDIRECT));
        routes.get("/jmap/session", this::session);
        routes.post("/jmap/api", this::api);
        routes.post("/jmap/upload/{accountId}", this::upload);
        routes.get("/jmap/download/{accountId}/{blobId}/{name}", this::download);
        routes.get("/jmap/eventsource", this::eventSource);
        routes.wsBeforeUpgrade("/jmap/ws", this::beforeWebSocket);
        routes.ws("/jmap/ws", ws -> {
            ws.onConnect(ctx -> {
                ctx.session.setMaxTextMessageSize(jmap.limits().maxSizeRequest());
                ctx.enableAutomaticPings(WEBSOCKET_PING.toSeconds(), TimeUnit.SECONDS);
                webSockets.put(ctx.sessionId(), webSocket(ctx));
            });
            ws.onMessage(ctx -> {
                JmapWebSocket connection = webSockets.get(ctx.sessionId());
                if (connection != null) {
                    connection.receive(ctx.message());
                }
            });
            ws.onClose(ctx -> closeWebSocket(ctx.sessionId()));
            ws.onError(ctx -> closeWebSocket(ctx.sessionId()));
        });
    }

    /**
     * RFC 8887 §4.2: the client asks for the {@code jmap} subprotocol and authenticates like any
     * request; with the webmail's cookie the Origin must be this host (a cross-site page must
     * not reach the user's mail through a WebSocket).
     */
    private void beforeWebSocket(Context ctx) {
        String protocols = ctx.header("Sec-WebSocket-Protocol");
        if (protocols == null || !List.of(protocols.split("\\s*,\\s*")).contains("jmap")) {
            throw new Refused(new Problem(400, "A JMAP WebSocket needs the subprotocol jmap (RFC 8887 §4.2)."), null);
        }
        if (ctx.header("Authorization") == null) {
            String origin = ctx.header("Origin");
            if (origin == null || !origin.equals(base(ctx))) {
                throw new Refused(new Problem(403, "The WebSocket's Origin is not this server."), null);
            }
        }
        ctx.attribute(ACCOUNT, authenticate(ctx));
    }

    private void closeWebSocket(String sessionId) {
        JmapWebSocket connection = webSockets.remove(sessionId);
        if (connection != null) {
            connection.close();
        }
    }

    private JmapWebSocket webSocket(WsContext ctx) {
        Caller caller = ctx.attribute(ACCOUNT);
        return new JmapWebSocket(jmap, caller.account(), caller.login(), ctx::send);
    }

    private void session(Context ctx) {
        Account account = authenticate(ctx).account();
        json(ctx, 200, jmap.session(account, base(ctx)));
    }

    private void api(Context ctx) throws IOException {
        Caller caller = authenticate(ctx);
        byte[] body = ctx.req().getInputStream().readNBytes((int) Math.min(Integer.MAX_VALUE - 8,
                jmap.limits().maxSizeRequest() + 1));
        try {
            json(ctx, 200, jmap.api(caller.account(), caller.login(), body));
        } catch (RequestError e) {
            throw new Refused(problem(e), null);
        }
    }

    private void upload(Context ctx) throws IOException {
        Account account = authenticate(ctx).account();
        requireOwnAccount(ctx, account);
        String type = Optional.ofNullable(ctx.contentType()).orElse("application/octet-stream");
        try {
            json(ctx, 201, jmap.upload(account, type, ctx.req().getInputStream()));
        } catch (RequestError e) {
            throw new Refused(problem(e), null);
        }
    }

    private void download(Context ctx) {
        Account account = authenticate(ctx).account();
        requireOwnAccount(ctx, account);
        JmapBlobs.Blob blob = jmap.download(account, ctx.pathParam("blobId"))
                .orElseThrow(() -> new Refused(Problem.notFound(), null));
        String accept = ctx.queryParam("accept");
        String type = accept != null && accept.matches("[\\w.+-]+/[\\w.+-]+") ? accept : blob.type();
        String name = ctx.pathParam("name").replaceAll("[^A-Za-z0-9._-]", "_");
        ctx.status(200).contentType(type)
                .header("Content-Disposition", "attachment; filename=\"" + name + "\"")
                .header("Cache-Control", "private, immutable, max-age=31536000")
                .result(blob.content());
    }

    private void eventSource(Context ctx) throws IOException {
        Account account = authenticate(ctx).account();
        EventSourceStream.Options options;
        try {
            options = EventSourceStream.Options.parse(ctx.queryParam("types"), ctx.queryParam("closeafter"),
                    ctx.queryParam("ping"));
        } catch (IllegalArgumentException e) {
            throw new Refused(new Problem(400, "The EventSource query is wrong: " + e.getMessage() + "."), null);
        }
        if (!jmap.mayPush(account)) {
            throw new Refused(Problem.typed("too-many-push-connections", 429,
                    "The account has as many push connections open as it may; close one.", Map.of()), null);
        }
        ctx.status(200);
        ctx.res().setContentType("text/event-stream; charset=utf-8");
        ctx.res().setHeader("Cache-Control", "no-cache, no-store");
        OutputStream out = ctx.res().getOutputStream();
        try {
            jmap.eventSource(account, options, text -> {
                out.write(text.getBytes(StandardCharsets.UTF_8));
                out.flush();
            });
        } catch (IOException clientGone) {
            LOG.debug("event=jmap-push-closed reason=\"{}\"", clientGone.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Who sent a request, and how they logged in. */
    private record Caller(Account account, Login login) {}

    /** The account of the request, from the Authorization header or the webmail's cookie; else 401. */
    private Caller authenticate(Context ctx) {
        String authorization = ctx.header("Authorization");
        if (authorization != null) {
            Optional<AppToken> credentials = credentials(authorization);
            if (credentials.isEmpty()) {
                throw unauthorized("Use Bearer with a JMAP app token or Basic with address and app password.");
            }
            LoginResult result = login.login(credentials.get().address(), credentials.get().secret(),
                    AppPasswordScope.JMAP, client(ctx));
            return switch (result) {
                case LoginResult.Success success -> new Caller(success.account(), Login.APP_PASSWORD);
                case LoginResult.Throttled throttled -> throw new Refused(Problem.typed("login-throttled", 429,
                        "Too many failed logins; try again later.", Map.of()),
                        Map.of("Retry-After", Long.toString(Math.max(1, throttled.retryAfter().toSeconds()))));
                case LoginResult.Failure failure -> throw unauthorized(
                        "The address or app password is wrong, or the app password lacks the jmap scope.");
            };
        }
        Optional<WebSessions.Active> active = sessions.authenticate(ctx.cookie(ApiSessions.COOKIE));
        if (active.isEmpty()) {
            throw unauthorized("Authenticate with an app password of scope jmap, or log in to the webmail.");
        }
        if (ctx.method() == HandlerType.POST
                && !WebSessions.csrfMatches(active.get().session(), ctx.header(ApiSessions.CSRF_HEADER))) {
            throw new Refused(Problem.typed("csrf-token-missing", 403,
                    "Send the session's CSRF token in the " + ApiSessions.CSRF_HEADER + " header.", Map.of()), null);
        }
        return new Caller(active.get().account(), Login.WEB_SESSION);
    }

    private static Optional<AppToken> credentials(String authorization) {
        int space = authorization.indexOf(' ');
        if (space < 0) {
            return Optional.empty();
        }
        String scheme = authorization.substring(0, space).toLowerCase(Locale.ROOT);
        String value = authorization.substring(space + 1).strip();
        return switch (scheme) {
            case "bearer" -> AppToken.decode(value);
            case "basic" -> {
                try {
                    String pair = new String(Base64.getDecoder().decode(value), StandardCharsets.UTF_8);
                    int colon = pair.indexOf(':');
                    yield colon <= 0 ? Optional.empty()
                            : Optional.of(new AppToken(pair.substring(0, colon), pair.substring(colon + 1)));
                } catch (IllegalArgumentException e) {
                    yield Optional.empty();
                }
            }
            default -> Optional.empty();
        };
    }

    private static void requireOwnAccount(Context ctx, Account account) {
        if (!ctx.pathParam("accountId").equals(JmapDispatcher.accountId(account))) {
            throw new Refused(Problem.notFound(), null);
        }
    }

    private static InetAddress client(Context ctx) {
        try {
            return InetAddress.getByName(ctx.req().getRemoteAddr());
        } catch (UnknownHostException e) {
            return InetAddress.getLoopbackAddress();
        }
    }

    /** The origin clients reached, for the URLs of the session resource. */
    private String base(Context ctx) {
        String host = ctx.header("Host");
        return "https://" + (host != null && HOST.matcher(host).matches() ? host : hostname);
    }

    private static Refused unauthorized(String detail) {
        return new Refused(Problem.typed("unauthorized", 401, detail, Map.of()), Map.of("WWW-Authenticate", CHALLENGE));
    }

    /** RFC 8620 §3.6.1: a request-level error as problem JSON with the JMAP error type. */
    private static Problem problem(RequestError error) {
        return new Problem(error.type(), error.status(), error.getMessage(),
                error.limit() == null ? Map.of() : Map.of("limit", error.limit()));
    }

    private static void json(Context ctx, int status, ObjectNode body) {
        ctx.status(status).header("Cache-Control", "no-store").contentType("application/json; charset=utf-8")
                .result(body.toString());
    }

    /** A JMAP request answered with a problem (and headers such as WWW-Authenticate). */
    private static final class Refused extends RuntimeException {
        private final transient Problem problem;
        private final transient Map<String, String> headers;

        Refused(Problem problem, Map<String, String> headers) {
            super(problem.detail(), null, false, false);
            this.problem = problem;
            this.headers = headers == null ? Map.of() : headers;
        }

        void answer(Context ctx) {
            headers.forEach(ctx::header);
            problem.answer(ctx);
        }
    }
}
