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

    @Test
    void aForgottenPasswordIsRecoveredWithThePhraseAndTheKeyStaysTheSame() throws Exception {
        char[] password = "bob's password".toCharArray();
        char[] phrase = "correct horse battery staple tile wheel".toCharArray();
        Enrollment enrollment = Enrollment.forNewAccount(Address.parse(BOB), password);
        byte[] phraseSalt = KeyDerivation.newSalt();
        PasswordKeys phraseKeys = KeyDerivation.derive(phrase, phraseSalt, KdfParams.DEFAULT);
        PasswordKeys passwordKeys = KeyDerivation.derive(password, enrollment.salt(), KdfParams.DEFAULT);
        ObjectNode body = signUp(BOB, enrollment, api.invites.create(Duration.ofDays(1)));
        body.set("recovery", JSON.createObjectNode()
                .put("salt", Base64.getEncoder().encodeToString(phraseSalt))
                .put("authKey", Base64.getEncoder().encodeToString(phraseKeys.authKey()))
                .put("secretKey", AccountKeys.reprotect(enrollment.secretKey(), passwordKeys.keyPassphrase(),
                        phraseKeys.keyPassphrase())));
        assertThat(api.post("/api/auth/signup", body.toString(), null).statusCode()).isEqualTo(201);

        // The user has forgotten the password: derive from the phrase instead.
        JsonNode prelogin = JSON.readTree(api.post("/api/auth/recovery/prelogin",
                JSON.createObjectNode().put("address", BOB).toString(), null).body());
        byte[] salt = Base64.getDecoder().decode(prelogin.get("salt").asText());
        assertThat(salt).isEqualTo(phraseSalt);
        PasswordKeys fromPhrase = KeyDerivation.derive(phrase, salt, KdfParams.DEFAULT);
        String recoveryAuthKey = Base64.getEncoder().encodeToString(fromPhrase.authKey());
        HttpResponse<String> copy = api.post("/api/auth/recovery/key", JSON.createObjectNode().put("address", BOB)
                .put("recoveryAuthKey", recoveryAuthKey).toString(), null);
        assertThat(copy.statusCode()).isEqualTo(200);
        String recoveryCopy = JSON.readTree(copy.body()).get("secretKey").asText();

        byte[] newSalt = KeyDerivation.newSalt();
        PasswordKeys newKeys = KeyDerivation.derive("a new password".toCharArray(), newSalt, KdfParams.DEFAULT);
        ObjectNode reset = JSON.createObjectNode().put("address", BOB).put("recoveryAuthKey", recoveryAuthKey)
                .put("salt", Base64.getEncoder().encodeToString(newSalt))
                .put("authKey", Base64.getEncoder().encodeToString(newKeys.authKey()))
                .put("secretKey", AccountKeys.reprotect(recoveryCopy, fromPhrase.keyPassphrase(),
                        newKeys.keyPassphrase()));
        reset.set("kdf", kdf());
        assertThat(api.post("/api/auth/recovery/reset", reset.toString(), null).statusCode()).isEqualTo(204);

        assertThat(api.post("/api/auth/login", login(BOB, newKeys.authKey()), null).statusCode()).isEqualTo(200);
        assertThat(api.post("/api/auth/login", login(BOB, enrollment.authKey()), null).statusCode()).isEqualTo(401);
        assertThat(api.store.accounts().findByAddress(BOB).orElseThrow().keyFingerprint())
                .isEqualTo(enrollment.fingerprint());
    }

    @Test
    void aWrongPhraseOpensNothingAndAnUnknownAddressLooksTheSame() throws Exception {
        String wrong = Base64.getEncoder().encodeToString(new byte[32]);

        HttpResponse<String> known = api.post("/api/auth/recovery/key", JSON.createObjectNode()
                .put("address", ApiFixture.ALICE).put("recoveryAuthKey", wrong).toString(), null);
        HttpResponse<String> unknown = api.post("/api/auth/recovery/key", JSON.createObjectNode()
                .put("address", "nobody@example.org").put("recoveryAuthKey", wrong).toString(), null);

        assertThat(known.statusCode()).isEqualTo(401);
        assertThat(unknown.statusCode()).isEqualTo(401);
        assertThat(JSON.readTree(known.body()).get("detail")).isEqualTo(JSON.readTree(unknown.body()).get("detail"));
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
