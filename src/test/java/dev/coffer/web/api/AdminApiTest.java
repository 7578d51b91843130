package dev.coffer.web.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.coffer.account.Totp;
import dev.coffer.crypto.KdfParams;
import dev.coffer.crypto.KeyDerivation;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;
import org.bouncycastle.util.encoders.Base32;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The admin API opens only to admin accounts, and only once they have a second factor. */
class AdminApiTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;
    ApiFixture api;
    String csrf;

    @BeforeEach
    void start() throws Exception {
        api = new ApiFixture(dir);
        byte[] authKey = KeyDerivation.derive(ApiFixture.PASSWORD.toCharArray(),
                Base64.getDecoder().decode(api.alice.credentials().kdfSalt()), KdfParams.DEFAULT).authKey();
        HttpResponse<String> login = api.post("/api/auth/login", JSON.createObjectNode()
                .put("address", ApiFixture.ALICE).put("authKey", Base64.getEncoder().encodeToString(authKey))
                .toString(), null);
        csrf = JSON.readTree(login.body()).get("csrfToken").asText();
    }

    @AfterEach
    void stop() {
        api.close();
    }

    @Test
    void anAccountThatIsNoAdminIsTurnedAway() throws Exception {
        HttpResponse<String> refused = api.get("/api/admin/accounts");

        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(problemType(refused)).endsWith("not-an-admin");
    }

    @Test
    void anAdminWithoutASecondFactorFindsTheApiLocked() throws Exception {
        api.store.accounts().setAdmin(api.alice.id(), true);

        HttpResponse<String> locked = api.get("/api/admin/accounts");

        assertThat(locked.statusCode()).isEqualTo(403);
        assertThat(problemType(locked)).endsWith("second-factor-required-for-admin");
        assertThat(api.post("/api/admin/invites", "{}", csrf).statusCode()).isEqualTo(403);
    }

    @Test
    void anAdminWithTotpListsAccountsAndMakesInvites() throws Exception {
        api.store.accounts().setAdmin(api.alice.id(), true);
        String secret = JSON.readTree(api.post("/api/account/totp", "{}", csrf).body()).get("secret").asText();
        String code = Totp.code(Base32.decode(secret), Totp.step(Instant.now()));
        assertThat(api.post("/api/account/totp/confirm", "{\"code\":\"" + code + "\"}", csrf).statusCode())
                .isEqualTo(200);

        HttpResponse<String> listed = api.get("/api/admin/accounts");
        HttpResponse<String> invite = api.post("/api/admin/invites", "{\"days\":3}", csrf);

        assertThat(listed.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(listed.body()).get("accounts").get(0).get("address").asText())
                .isEqualTo(ApiFixture.ALICE);
        assertThat(invite.statusCode()).isEqualTo(201);
        assertThat(api.invites.redeem(JSON.readTree(invite.body()).get("invite").asText())).isTrue();
        assertThat(api.post("/api/admin/invites", "{\"days\":0}", csrf).statusCode()).isEqualTo(400);
    }

    private static String problemType(HttpResponse<String> response) throws Exception {
        JsonNode body = JSON.readTree(response.body());
        return body.get("type").asText();
    }
}
