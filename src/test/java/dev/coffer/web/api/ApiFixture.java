package dev.coffer.web.api;

import dev.coffer.account.AccountDeletion;
import dev.coffer.account.AccountService;
import dev.coffer.account.DomainOwnership;
import dev.coffer.account.Address;
import dev.coffer.account.AliasWkd;
import dev.coffer.account.Enrollment;
import dev.coffer.account.Invites;
import dev.coffer.account.LoginThrottle;
import dev.coffer.account.PasswordChange;
import dev.coffer.account.PasswordLogin;
import dev.coffer.account.PhraseRecovery;
import dev.coffer.account.SecondFactors;
import dev.coffer.account.SecurityKeys;
import dev.coffer.account.SecurityLog;
import dev.coffer.account.SignUp;
import dev.coffer.account.WebSessions;
import dev.coffer.store.Account;
import dev.coffer.store.Store;
import dev.coffer.testing.MutableClock;
import dev.coffer.testing.TestTls;
import dev.coffer.web.HttpsListener;
import dev.coffer.web.SecurityHeaders;
import dev.coffer.web.WebRoutes;
import java.io.IOException;
import java.net.CookieManager;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An https listener on loopback with the login and account API over a real store holding
 * {@link #ALICE} (password {@link #PASSWORD}), and a client with a cookie jar. Every request
 * the server receives is recorded, headers and body, so tests can look for the password in it.
 */
final class ApiFixture implements AutoCloseable {

    static final String ALICE = "alice@example.org";
    static final String PASSWORD = "correct horse battery staple";
    static final String ORIGIN_HOST = "localhost";

    final Store store;
    final Account alice;
    final HttpsListener https;
    final HttpClient client;
    final SecurityKeys securityKeys;
    final Invites invites;
    final List<String> received = Collections.synchronizedList(new ArrayList<>());
    /** The TXT records the domain API's ownership checks find, by name. */
    final Map<String, List<String>> txtRecords = new ConcurrentHashMap<>();
    /** The domain API's clock, which paces its DNS lookups. */
    final MutableClock domainClock = new MutableClock();

    ApiFixture(Path directory) throws Exception {
        this(directory, true);
    }

    ApiFixture(Path directory, boolean userDomains) throws Exception {
        store = Store.open(Files.createDirectories(directory.resolve("data")));
        AccountService accounts = new AccountService(store);
        accounts.addDomain("example.org");
        Address address = Address.parse(ALICE);
        alice = accounts.createAccount(address, Enrollment.forNewAccount(address, PASSWORD.toCharArray()));
        Clock clock = Clock.systemUTC();
        SecurityLog log = new SecurityLog(store, clock, false);
        WebSessions sessions = new WebSessions(store, clock);
        Path certificates = Files.createDirectories(directory.resolve("certificates"));
        securityKeys = new SecurityKeys(store, log, clock, new SecurityKeys.RelyingParty(ORIGIN_HOST, "Coffer",
                Set.of("https://" + ORIGIN_HOST)));
        SecondFactors factors = new SecondFactors(store, securityKeys, log, clock, "Coffer");
        byte[] fakeSaltKey = "a node secret of thirty-two byte".getBytes(StandardCharsets.US_ASCII);
        LoginThrottle throttle = new LoginThrottle(clock);
        PasswordLogin login = new PasswordLogin(store, throttle, factors, sessions, log, fakeSaltKey);
        WebRoutes recorder = routes -> routes.before(ctx -> received.add(ctx.method() + " " + ctx.path() + "\n"
                + ctx.headerMap() + "\n" + ctx.body()));
        invites = new Invites(store, clock);
        SignUp signUp = new SignUp(store, accounts, invites, SignUp.Mode.INVITE);
        https = new HttpsListener(TestTls.serverTls(certificates), new SecurityHeaders(false, ""),
                List.of(recorder, new AuthApi(login, signUp,
                                new PhraseRecovery(store, accounts, throttle, sessions, log, fakeSaltKey), sessions),
                        new AccountApi(sessions, factors, securityKeys, log, new AccountDeletion(store, accounts,
                                sessions, log, clock, AccountDeletion.DEFAULT_GRACE),
                                new PasswordChange(accounts, sessions, log)),
                        new AppPasswordApi(sessions, accounts),
                        new AliasApi(sessions, new AliasWkd(store, log, clock)),
                        new AdminApi(sessions, factors, store, invites),
                        new DomainApi(sessions, new DomainOwnership(store,
                                name -> txtRecords.getOrDefault(name, List.of()), domainClock), userDomains)));
        https.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        client = HttpClient.newBuilder()
                .sslContext(TestTls.clientTrusting(certificates.resolve("ca.pem")))
                .cookieHandler(new CookieManager())
                .connectTimeout(Duration.ofSeconds(10))
                .build();
    }

    HttpResponse<String> post(String path, String json, String csrfToken) throws IOException, InterruptedException {
        HttpRequest.Builder request = request(path).POST(HttpRequest.BodyPublishers.ofString(json))
                .header("Content-Type", "application/json");
        if (csrfToken != null) {
            request.header(ApiSessions.CSRF_HEADER, csrfToken);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return client.send(request(path).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> delete(String path, String csrfToken) throws IOException, InterruptedException {
        HttpRequest.Builder request = request(path).DELETE();
        if (csrfToken != null) {
            request.header(ApiSessions.CSRF_HEADER, csrfToken);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create("https://" + ORIGIN_HOST + ":" + https.port() + path))
                .timeout(Duration.ofSeconds(30));
    }

    @Override
    public void close() {
        https.close();
        store.close();
    }
}
