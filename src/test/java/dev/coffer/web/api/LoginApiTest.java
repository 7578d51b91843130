package dev.coffer.web.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.coffer.account.AppPasswordLogin;
import dev.coffer.account.AppPasswordScope;
import dev.coffer.account.AppToken;
import dev.coffer.account.LoginResult;
import dev.coffer.account.LoginThrottle;
import dev.coffer.account.Totp;
import dev.coffer.crypto.KdfParams;
import dev.coffer.crypto.KeyDerivation;
import dev.coffer.crypto.PasswordKeys;
import java.net.InetAddress;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.bouncycastle.util.encoders.Base32;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The zero-knowledge login over real HTTPS, as a client that derives its keys itself uses it. */
class LoginApiTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;
    ApiFixture api;

    @BeforeEach
    void start() throws Exception {
        api = new ApiFixture(dir);
    }

    @AfterEach
    void stop() {
        api.close();
    }

    @Test
    void theClientLogsInWithoutThePasswordEverLeavingIt() throws Exception {
        PasswordKeys keys = deriveLikeAClient(ApiFixture.ALICE, ApiFixture.PASSWORD);

        HttpResponse<String> login = login(ApiFixture.ALICE, keys.authKey(), null);

        assertThat(login.statusCode()).isEqualTo(200);
        assertThat(login.headers().firstValue("set-cookie")).hasValueSatisfying(cookie -> assertThat(cookie)
                .contains("HttpOnly").contains("Secure").contains("SameSite=Strict"));
        assertThat(api.get("/api/account").statusCode()).isEqualTo(200);
        assertThat(api.received).isNotEmpty().allSatisfy(request -> {
            for (String form : encodings(ApiFixture.PASSWORD.getBytes(StandardCharsets.UTF_8))) {
                assertThat(request).doesNotContain(form);
            }
        });
    }

    @Test
    void theDatabaseHoldsNothingFromWhichKeyKeyFollows() throws Exception {
        PasswordKeys keys = deriveLikeAClient(ApiFixture.ALICE, ApiFixture.PASSWORD);
        login(ApiFixture.ALICE, keys.authKey(), null);

        api.store.close();
        try (Stream<Path> files = Files.walk(dir.resolve("data"))) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                String content = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
                for (byte[] secret : List.of(keys.authKey(), keys.keyKey(),
                        ApiFixture.PASSWORD.getBytes(StandardCharsets.UTF_8))) {
                    for (String form : encodings(secret)) {
                        assertThat(content).as(file.toString()).doesNotContain(form);
                    }
                }
            }
        }
    }

    @Test
    void preloginAnswersUnknownAddressesLikeKnownOnes() throws Exception {
        JsonNode known = JSON.readTree(api.post("/api/auth/prelogin", "{\"address\":\"alice@example.org\"}", null).body());
        HttpResponse<String> unknown = api.post("/api/auth/prelogin", "{\"address\":\"nobody@example.org\"}", null);

        assertThat(unknown.statusCode()).isEqualTo(200);
        JsonNode fake = JSON.readTree(unknown.body());
        assertThat(fake.get("kdf")).isEqualTo(known.get("kdf"));
        assertThat(fake.get("kdf").get("alg").asText()).isEqualTo("argon2id");
        assertThat(Base64.getDecoder().decode(fake.get("salt").asText())).hasSize(16);
        assertThat(api.post("/api/auth/prelogin", "{\"address\":\"nobody@example.org\"}", null).body())
                .isEqualTo(unknown.body());
    }

    @Test
    void aWrongPasswordGetsProblemJson() throws Exception {
        PasswordKeys wrong = deriveLikeAClient(ApiFixture.ALICE, "not the password");

        HttpResponse<String> login = login(ApiFixture.ALICE, wrong.authKey(), null);

        assertThat(login.statusCode()).isEqualTo(401);
        assertThat(login.headers().firstValue("content-type")).contains("application/problem+json");
        assertThat(JSON.readTree(login.body()).get("type").asText()).endsWith("invalid-credentials");
    }

    @Test
    void anAccountWithTotpAnswersSecondFactorRequiredUntilTheCodeComes() throws Exception {
        PasswordKeys keys = deriveLikeAClient(ApiFixture.ALICE, ApiFixture.PASSWORD);
        String csrf = JSON.readTree(login(ApiFixture.ALICE, keys.authKey(), null).body()).get("csrfToken").asText();
        String secret = JSON.readTree(api.post("/api/account/totp", "{}", csrf).body()).get("secret").asText();
        String code = Totp.code(Base32.decode(secret), Totp.step(Instant.now()));
        HttpResponse<String> confirmed = api.post("/api/account/totp/confirm", "{\"code\":\"" + code + "\"}", csrf);
        assertThat(confirmed.statusCode()).isEqualTo(200);
        String recoveryCode = JSON.readTree(confirmed.body()).get("recoveryCodes").get(0).asText();

        HttpResponse<String> withoutCode = login(ApiFixture.ALICE, keys.authKey(), null);
        assertThat(withoutCode.statusCode()).isEqualTo(401);
        JsonNode problem = JSON.readTree(withoutCode.body());
        assertThat(problem.get("type").asText()).endsWith("second-factor-required");
        assertThat(problem.get("totp").asBoolean()).isTrue();

        assertThat(login(ApiFixture.ALICE, keys.authKey(), recoveryCode).statusCode()).isEqualTo(200);
    }

    @Test
    void changesNeedTheCsrfTokenAsWellAsTheCookie() throws Exception {
        PasswordKeys keys = deriveLikeAClient(ApiFixture.ALICE, ApiFixture.PASSWORD);
        String csrf = JSON.readTree(login(ApiFixture.ALICE, keys.authKey(), null).body()).get("csrfToken").asText();

        HttpResponse<String> forged = api.post("/api/account/totp", "{}", null);
        assertThat(forged.statusCode()).isEqualTo(403);
        assertThat(JSON.readTree(forged.body()).get("type").asText()).endsWith("csrf-token-missing");
        assertThat(api.post("/api/account/totp", "{}", csrf).statusCode()).isEqualTo(200);
    }

    @Test
    void logoutEndsTheSession() throws Exception {
        PasswordKeys keys = deriveLikeAClient(ApiFixture.ALICE, ApiFixture.PASSWORD);
        String csrf = JSON.readTree(login(ApiFixture.ALICE, keys.authKey(), null).body()).get("csrfToken").asText();

        assertThat(api.post("/api/auth/logout", "{}", csrf).statusCode()).isEqualTo(204);

        HttpResponse<String> after = api.get("/api/account");
        assertThat(after.statusCode()).isEqualTo(401);
        assertThat(JSON.readTree(after.body()).get("type").asText()).endsWith("not-logged-in");
    }

    @Test
    void badRequestsNameTheFieldThatIsWrong() throws Exception {
        HttpResponse<String> noKey = api.post("/api/auth/login", "{\"address\":\"alice@example.org\"}", null);
        HttpResponse<String> shortKey = api.post("/api/auth/login",
                "{\"address\":\"alice@example.org\",\"authKey\":\"AAAA\"}", null);
        HttpResponse<String> notJson = api.post("/api/auth/login", "{address", null);

        assertThat(noKey.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(noKey.body()).get("field").asText()).isEqualTo("authKey");
        assertThat(JSON.readTree(shortKey.body()).get("detail").asText()).contains("32 bytes");
        assertThat(notJson.statusCode()).isEqualTo(400);
    }

    @Test
    void theUserMakesAnAppPasswordThatIsShownOnceAndRevokesIt() throws Exception {
        PasswordKeys keys = deriveLikeAClient(ApiFixture.ALICE, ApiFixture.PASSWORD);
        String csrf = JSON.readTree(login(ApiFixture.ALICE, keys.authKey(), null).body()).get("csrfToken").asText();

        HttpResponse<String> created = api.post("/api/account/app-passwords",
                "{\"name\":\"Thunderbird\",\"scopes\":\"read,send\"}", csrf);
        assertThat(created.statusCode()).isEqualTo(201);
        String secret = JSON.readTree(created.body()).get("secret").asText();
        HttpResponse<String> listed = api.get("/api/account/app-passwords");
        assertThat(listed.body()).contains("Thunderbird").doesNotContain(secret);
        AppPasswordLogin imapLogin = new AppPasswordLogin(api.store, new LoginThrottle(Clock.systemUTC()),
                Clock.systemUTC());
        assertThat(imapLogin.login(ApiFixture.ALICE, secret, AppPasswordScope.READ, InetAddress.getLoopbackAddress()))
                .isInstanceOf(LoginResult.Success.class);

        JsonNode jmap = JSON.readTree(api.post("/api/account/app-passwords",
                "{\"name\":\"JMAP client\",\"scopes\":\"jmap\"}", csrf).body());
        assertThat(AppToken.decode(jmap.get("jmapToken").asText()))
                .hasValue(new AppToken(ApiFixture.ALICE, jmap.get("secret").asText()));
        assertThat(JSON.readTree(created.body()).has("jmapToken")).isFalse();

        assertThat(api.delete("/api/account/app-passwords/Thunderbird", csrf).statusCode()).isEqualTo(204);
        assertThat(api.get("/api/account/app-passwords").body()).doesNotContain("Thunderbird");
        assertThat(api.post("/api/account/app-passwords", "{\"name\":\"x\",\"scopes\":\"write\"}", csrf)
                .statusCode()).isEqualTo(400);
    }

    private HttpResponse<String> login(String address, byte[] authKey, String totp) throws Exception {
        String body = "{\"address\":\"" + address + "\",\"authKey\":\"" + Base64.getEncoder().encodeToString(authKey)
                + "\"" + (totp == null ? "" : ",\"totp\":\"" + totp + "\"") + "}";
        return api.post("/api/auth/login", body, null);
    }

    /** What the webmail and the CLI do: ask for the salt, then derive authKey and keyKey locally. */
    private PasswordKeys deriveLikeAClient(String address, String password) throws Exception {
        JsonNode prelogin = JSON.readTree(api.post("/api/auth/prelogin", "{\"address\":\"" + address + "\"}", null)
                .body());
        JsonNode kdf = prelogin.get("kdf");
        return KeyDerivation.derive(password.toCharArray(), Base64.getDecoder().decode(prelogin.get("salt").asText()),
                new KdfParams(kdf.get("m").asInt(), kdf.get("t").asInt(), kdf.get("p").asInt()));
    }

    /** A secret as it could appear in a request or a file: raw, base64 (both alphabets), hex, URL-encoded. */
    private static List<String> encodings(byte[] secret) {
        String raw = new String(secret, StandardCharsets.ISO_8859_1);
        return List.of(raw,
                Base64.getEncoder().encodeToString(secret),
                Base64.getUrlEncoder().withoutPadding().encodeToString(secret),
                HexFormat.of().formatHex(secret),
                URLEncoder.encode(raw, StandardCharsets.ISO_8859_1));
    }
}
