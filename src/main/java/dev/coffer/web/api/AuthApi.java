package dev.coffer.web.api;

import dev.coffer.account.AccountException;
import dev.coffer.account.PasswordLogin;
import dev.coffer.account.PhraseRecovery;
import dev.coffer.account.SecondFactorProof;
import dev.coffer.account.SignUp;
import dev.coffer.account.WebLoginResult;
import dev.coffer.account.WebSessions;
import dev.coffer.crypto.KdfParams;
import dev.coffer.web.Problem;
import dev.coffer.web.WebRoutes;
import io.javalin.http.Context;
import io.javalin.router.JavalinDefaultRoutingApi;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The zero-knowledge login (docs/api.md): {@code /api/auth/prelogin} gives the salt and Argon2
 * parameters, {@code /api/auth/login} takes the authKey the client derived (never the password)
 * and a second factor when one is needed, {@code /api/auth/logout} ends the session, and
 * {@code /api/auth/signup} creates an account from keys the client made.
 */
public final class AuthApi implements WebRoutes {

    private static final int AUTH_KEY_BYTES = 32;

    private static final int SALT_BYTES = 16;

    private final PasswordLogin login;
    private final SignUp signUp;
    private final PhraseRecovery recovery;
    private final ApiSessions sessions;
    private final WebSessions webSessions;

    public AuthApi(PasswordLogin login, SignUp signUp, PhraseRecovery recovery, WebSessions webSessions) {
        this.login = login;
        this.signUp = signUp;
        this.recovery = recovery;
        this.webSessions = webSessions;
        this.sessions = new ApiSessions(webSessions);
    }

    @Override
    public void addTo(JavalinDefaultRoutingApi routes) {
        ApiException.answeredIn(routes);
        routes.post("/api/auth/prelogin", this::prelogin);
        routes.post("/api/auth/login", this::login);
        routes.post("/api/auth/logout", this::logout);
        routes.post("/api/auth/signup", this::signUp);
        routes.post("/api/auth/recovery/prelogin", this::recoveryPrelogin);
        routes.post("/api/auth/recovery/key", this::recoveryKey);
        routes.post("/api/auth/recovery/reset", this::recoveryReset);
    }

    private void prelogin(Context ctx) {
        PasswordLogin.Prelogin prelogin = login.prelogin(JsonRequest.of(ctx).text("address"));
        JsonAnswer.ok(ctx, saltAndKdf(prelogin.salt(), prelogin.kdf()));
    }

    private static Map<String, Object> saltAndKdf(byte[] salt, KdfParams kdf) {
        return Map.of("salt", Base64.getEncoder().encodeToString(salt),
                "kdf", Map.of("alg", "argon2id", "m", kdf.memoryKiB(), "t", kdf.iterations(), "p", kdf.parallelism()));
    }

    /** The recovery phrase is derived like a password, with its own salt (fake for unknown addresses). */
    private void recoveryPrelogin(Context ctx) {
        JsonAnswer.ok(ctx, saltAndKdf(recovery.salt(JsonRequest.of(ctx).text("address")), KdfParams.DEFAULT));
    }

    private void recoveryKey(Context ctx) {
        JsonRequest request = JsonRequest.of(ctx);
        switch (recovery.open(request.text("address"), request.base64("recoveryAuthKey", AUTH_KEY_BYTES), client(ctx))) {
            case PhraseRecovery.Outcome.Opened opened -> JsonAnswer.ok(ctx, Map.of("secretKey", opened.recoveryCopy()));
            case PhraseRecovery.Outcome.Wrong wrong -> throw ApiException.unauthorized("invalid-credentials",
                    "The address or the recovery phrase is wrong.", Map.of());
            case PhraseRecovery.Outcome.Throttled throttled -> throw tooManyAttempts(ctx, throttled.retryAfter());
        }
    }

    private void recoveryReset(Context ctx) {
        JsonRequest request = JsonRequest.of(ctx);
        try {
            recovery.reset(request.text("address"), request.base64("recoveryAuthKey", AUTH_KEY_BYTES),
                    request.base64("salt", SALT_BYTES), request.kdf("kdf"), request.base64("authKey", AUTH_KEY_BYTES),
                    request.text("secretKey"), client(ctx));
        } catch (AccountException e) {
            throw new ApiException(Problem.typed("recovery-refused", 400, e.getMessage(), Map.of()));
        }
        ctx.status(204);
    }

    private void login(Context ctx) {
        JsonRequest request = JsonRequest.of(ctx);
        String address = request.text("address");
        byte[] authKey = request.base64("authKey", AUTH_KEY_BYTES);
        SecondFactorProof proof = secondFactor(request);
        String description = describe(ctx.userAgent());
        switch (login.login(address, authKey, proof, client(ctx), description)) {
            case WebLoginResult.Success success -> {
                ApiSessions.setCookie(ctx, success.session().token());
                JsonAnswer.ok(ctx, Map.of("address", success.account().address(),
                        "csrfToken", success.session().session().csrfToken()));
            }
            case WebLoginResult.SecondFactorRequired required -> {
                Map<String, Object> factors = new LinkedHashMap<>();
                factors.put("totp", required.code());
                if (required.securityKey() != null) {
                    factors.put("webauthn", required.securityKey());
                }
                throw ApiException.unauthorized("second-factor-required",
                        "Give a second factor: a code from the authenticator app, a recovery code or a security key.",
                        factors);
            }
            case WebLoginResult.Failure failure -> throw ApiException.unauthorized("invalid-credentials",
                    "The address or the password is wrong.", Map.of());
            case WebLoginResult.Throttled throttled -> throw tooManyAttempts(ctx, throttled.retryAfter());
        }
    }

    /** RFC 6585 §4: 429 with Retry-After. */
    private static ApiException tooManyAttempts(Context ctx, java.time.Duration retryAfter) {
        long seconds = Math.max(1, retryAfter.toSeconds());
        ctx.header("Retry-After", Long.toString(seconds));
        return new ApiException(Problem.typed("too-many-attempts", 429, "Too many failed attempts; try again later.",
                Map.of("retryAfter", seconds)));
    }

    private void logout(Context ctx) {
        WebSessions.Active active = sessions.require(ctx);
        webSessions.revoke(active.account(), active.session().id());
        ApiSessions.clearCookie(ctx);
        ctx.status(204);
    }

    /** Creates the account from what the client derived; it logs in as usual afterwards. */
    private void signUp(Context ctx) {
        JsonRequest request = JsonRequest.of(ctx);
        SignUp.RecoveryCopy recovery = null;
        if (request.has("recovery")) {
            JsonRequest copy = request.object("recovery");
            recovery = new SignUp.RecoveryCopy(copy.base64("salt", SALT_BYTES), copy.base64("authKey", AUTH_KEY_BYTES),
                    copy.text("secretKey"));
        }
        SignUp.Request signUpRequest = new SignUp.Request(request.text("address"), request.optionalText("invite"),
                request.base64("salt", SALT_BYTES), request.kdf("kdf"), request.base64("authKey", AUTH_KEY_BYTES),
                request.text("publicKey"), request.text("secretKey"), recovery);
        try {
            JsonAnswer.send(ctx, 201, Map.of("address", signUp.create(signUpRequest).address()));
        } catch (AccountException e) {
            int status = signUp.mode() == SignUp.Mode.CLOSED ? 403 : 400;
            throw new ApiException(Problem.typed("sign-up-refused", status, e.getMessage(), Map.of()));
        }
    }

    private static SecondFactorProof secondFactor(JsonRequest request) {
        if (request.has("webauthn")) {
            return new SecondFactorProof.SecurityKeyAssertion(request.json("webauthn"));
        }
        String code = request.optionalText("totp");
        return code == null ? null : new SecondFactorProof.Code(code);
    }

    /** The session list's name for this client: its User-Agent, shortened; never its address. */
    static String describe(String userAgent) {
        if (userAgent == null || userAgent.isBlank()) {
            return "unknown client";
        }
        String printable = userAgent.replaceAll("[^\\x20-\\x7e]", "");
        return printable.length() > 120 ? printable.substring(0, 120) : printable;
    }

    static InetAddress client(Context ctx) {
        try {
            return InetAddress.getByName(ctx.ip());
        } catch (UnknownHostException e) {
            return InetAddress.getLoopbackAddress();
        }
    }
}
