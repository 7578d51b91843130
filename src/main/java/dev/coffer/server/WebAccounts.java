package dev.coffer.server;

import dev.coffer.account.AccountDeletion;
import dev.coffer.account.AccountService;
import dev.coffer.account.AliasWkd;
import dev.coffer.account.DomainOwnership;
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
import dev.coffer.config.CofferConfig;
import dev.coffer.config.ListenAddress;
import dev.coffer.crypto.SecretFile;
import dev.coffer.store.Store;
import dev.coffer.web.WebRoutes;
import dev.coffer.web.api.AccountApi;
import dev.coffer.web.api.AdminApi;
import dev.coffer.web.api.AliasApi;
import dev.coffer.web.api.AppPasswordApi;
import dev.coffer.web.api.AuthApi;
import dev.coffer.web.api.DomainApi;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * The web login and the account API: sessions, second factors, the security log and deletion,
 * built over the store. The pre-login salt key is a node secret in {@code DATA/prelogin.key}.
 */
record WebAccounts(List<WebRoutes> routes, AccountDeletion deletion, WebSessions sessions) {

    static WebAccounts create(Path dataDir, CofferConfig config, Store store, Clock clock, DomainOwnership ownership)
            throws IOException {
        String hostname = config.hostname();
        SecurityLog log = new SecurityLog(store, clock, config.privacy().logIpAddresses());
        WebSessions sessions = new WebSessions(store, clock);
        SecurityKeys securityKeys = new SecurityKeys(store, log, clock,
                new SecurityKeys.RelyingParty(hostname, "Coffer " + hostname, Set.of(origin(config))));
        SecondFactors factors = new SecondFactors(store, securityKeys, log, clock, "Coffer " + hostname);
        byte[] fakeSaltKey = SecretFile.loadOrCreate(dataDir.resolve("prelogin.key"), 32);
        LoginThrottle throttle = new LoginThrottle(clock);
        PasswordLogin login = new PasswordLogin(store, throttle, factors, sessions, log, fakeSaltKey);
        AccountService accounts = new AccountService(store);
        AccountDeletion deletion = new AccountDeletion(store, accounts, sessions, log, clock,
                Duration.ofDays(config.accounts().deletionGraceDays()));
        Invites invites = new Invites(store, clock);
        SignUp signUp = new SignUp(store, accounts, invites, SignUp.Mode.parse(config.accounts().signup()));
        PhraseRecovery recovery = new PhraseRecovery(store, accounts, throttle, sessions, log, fakeSaltKey);
        return new WebAccounts(List.of(new AuthApi(login, signUp, recovery, sessions),
                new AccountApi(sessions, factors, securityKeys, log, deletion,
                        new PasswordChange(accounts, sessions, log)),
                new AppPasswordApi(sessions, accounts),
                new AliasApi(sessions, new AliasWkd(store, log, clock)),
                new AdminApi(sessions, factors, store, invites),
                new DomainApi(sessions, ownership, config.domains().userDomains())), deletion, sessions);
    }

    /** The webmail's origin for WebAuthn: the host name, and the https port unless it is 443. */
    private static String origin(CofferConfig config) {
        String https = config.listeners().https();
        int port = https == null || https.isEmpty() ? 443 : ListenAddress.parse(https).getPort();
        return "https://" + config.hostname() + (port == 443 || port == 0 ? "" : ":" + port);
    }
}
