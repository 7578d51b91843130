package dev.coffer.web.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.coffer.account.Address;
import dev.coffer.account.Enrollment;
import dev.coffer.crypto.AccountKeyPair;
import dev.coffer.crypto.AccountKeys;
import dev.coffer.crypto.KdfParams;
import dev.coffer.crypto.KeyDerivation;
import dev.coffer.crypto.PasswordKeys;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Sign-up and password change: the client makes and protects the keys, the server only checks and stores them. */
class SignUpApiTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String BOB = "bob@example.org";

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
    void withAnInviteTheClientsKeysBecomeAnAccountThatLogsIn() throws Exception {
        Enrollment enrollment = Enrollment.forNewAccount(Address.parse(BOB), "bob's password".toCharArray());
        String invite = api.invites.create(Duration.ofDays(1));

        HttpResponse<String> created = api.post("/api/auth/signup", signUp(BOB, enrollment, invite).toString(), null);

        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        assertThat(api.post("/api/auth/login", login(BOB, enrollment.authKey()), null).statusCode()).isEqualTo(200);
        assertThat(api.post("/api/auth/signup", signUp(BOB, enrollment, invite).toString(), null).statusCode())
                .as("the invite served once").isEqualTo(400);
    }

    @Test
    void withoutAValidInviteNoAccountIsMade() throws Exception {
        Enrollment enrollment = Enrollment.forNewAccount(Address.parse(BOB), "bob's password".toCharArray());

        HttpResponse<String> refused = api.post("/api/auth/signup", signUp(BOB, enrollment, "nope").toString(), null);

        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(refused.body()).get("detail").asText()).contains("invite code");
        assertThat(api.store.accounts().findByAddress(BOB)).isEmpty();
    }

    @Test
    void aSecretKeyStoredInTheClearIsRefused() throws Exception {
        AccountKeyPair keys = AccountKeys.generate(List.of(BOB), "pass".toCharArray());
        String unprotected = AccountKeys.reprotect(keys.secretKeyArmored(), "pass".toCharArray(), new char[0]);
        Enrollment enrollment = Enrollment.forNewAccount(Address.parse(BOB), "bob's password".toCharArray());
        ObjectNode body = signUp(BOB, enrollment, api.invites.create(Duration.ofDays(1)));
        body.put("publicKey", keys.publicKeyArmored()).put("secretKey", unprotected);

        HttpResponse<String> refused = api.post("/api/auth/signup", body.toString(), null);

        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(refused.body()).get("detail").asText()).contains("not protected");
    }

    @Test
    void aKeyForAnotherAddressIsRefused() throws Exception {
        Enrollment someoneElse = Enrollment.forNewAccount(Address.parse("carol@example.org"), "pw".toCharArray());

        HttpResponse<String> refused = api.post("/api/auth/signup",
                signUp(BOB, someoneElse, api.invites.create(Duration.ofDays(1))).toString(), null);

        assertThat(JSON.readTree(refused.body()).get("detail").asText()).contains("no user ID for " + BOB);
    }

    @Test
    void aPasswordChangeSwapsTheCredentialsAndKeepsTheKey() throws Exception {
        PasswordKeys old = KeyDerivation.derive(ApiFixture.PASSWORD.toCharArray(),
                Base64.getDecoder().decode(api.alice.credentials().kdfSalt()), KdfParams.DEFAULT);
        String csrf = JSON.readTree(api.post("/api/auth/login", login(ApiFixture.ALICE, old.authKey()), null).body())
                .get("csrfToken").asText();
        Enrollment changed = Enrollment.forNewPassword(KdfParams.DEFAULT,
                Base64.getDecoder().decode(api.alice.credentials().kdfSalt()), api.alice.secretKey(),
                api.alice.publicKey(), api.alice.keyFingerprint(), ApiFixture.PASSWORD.toCharArray(),
                "a brand new password".toCharArray());
        ObjectNode body = JSON.createObjectNode()
                .put("currentAuthKey", Base64.getEncoder().encodeToString(old.authKey()))
                .put("salt", changed.saltBase64())
                .put("authKey", Base64.getEncoder().encodeToString(changed.authKey()))
                .put("secretKey", changed.secretKey());
        body.set("kdf", kdf());

        assertThat(api.post("/api/account/password", body.toString(), csrf).statusCode()).isEqualTo(204);

        assertThat(api.post("/api/auth/login", login(ApiFixture.ALICE, old.authKey()), null).statusCode()).isEqualTo(401);
        assertThat(api.post("/api/auth/login", login(ApiFixture.ALICE, changed.authKey()), null).statusCode())
                .isEqualTo(200);
        var stored = api.store.accounts().findById(api.alice.id()).orElseThrow();
        assertThat(stored.secretKey()).isEqualTo(changed.secretKey());
        assertThat(stored.keyFingerprint()).isEqualTo(api.alice.keyFingerprint());
    }

    private static ObjectNode signUp(String address, Enrollment enrollment, String invite) {
        ObjectNode body = JSON.createObjectNode()
                .put("address", address)
                .put("invite", invite)
                .put("salt", enrollment.saltBase64())
                .put("authKey", Base64.getEncoder().encodeToString(enrollment.authKey()))
                .put("publicKey", enrollment.publicKey())
                .put("secretKey", enrollment.secretKey());
        body.set("kdf", kdf());
        return body;
    }

    private static JsonNode kdf() {
        return JSON.createObjectNode().put("alg", "argon2id").put("m", 65536).put("t", 3).put("p", 1);
    }

    private static String login(String address, byte[] authKey) {
        return JSON.createObjectNode().put("address", address)
                .put("authKey", Base64.getEncoder().encodeToString(authKey)).toString();
    }
}
