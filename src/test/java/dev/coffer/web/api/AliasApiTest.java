package dev.coffer.web.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.coffer.account.AccountService;
import dev.coffer.account.Address;
import dev.coffer.account.AliasService;
import dev.coffer.account.Enrollment;
import dev.coffer.account.PublicDirectory;
import dev.coffer.crypto.AliasUserId;
import dev.coffer.crypto.KdfParams;
import dev.coffer.crypto.KeyDerivation;
import dev.coffer.crypto.PasswordKeys;
import dev.coffer.store.Account;
import java.io.ByteArrayInputStream;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.bouncycastle.openpgp.PGPPublicKeyRing;
import org.bouncycastle.openpgp.operator.bc.BcKeyFingerprintCalculator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An alias enters WKD only with a user ID its owner's key certified, and leaves it on request. */
class AliasApiTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ALIAS = "info@example.org";
    private static final String BOBS_ALIAS = "sales@example.org";

    @TempDir
    Path dir;
    ApiFixture api;
    String csrf;
    PasswordKeys keys;
    PublicDirectory directory;

    @BeforeEach
    void start() throws Exception {
        api = new ApiFixture(dir);
        AccountService accounts = new AccountService(api.store);
        AliasService aliases = new AliasService(api.store, accounts);
        aliases.add(ALIAS, ApiFixture.ALICE);
        Address bob = Address.parse("bob@example.org");
        accounts.createAccount(bob, Enrollment.forNewAccount(bob, "bob's password".toCharArray()));
        aliases.add(BOBS_ALIAS, bob.toString());
        directory = new PublicDirectory(api.store);
        keys = KeyDerivation.derive(ApiFixture.PASSWORD.toCharArray(),
                Base64.getDecoder().decode(api.alice.credentials().kdfSalt()), KdfParams.DEFAULT);
        HttpResponse<String> login = api.post("/api/auth/login", JSON.createObjectNode()
                .put("address", ApiFixture.ALICE).put("authKey", Base64.getEncoder().encodeToString(keys.authKey()))
                .toString(), null);
        csrf = JSON.readTree(login.body()).get("csrfToken").asText();
    }

    @AfterEach
    void stop() {
        api.close();
    }

    @Test
    void listsTheAccountsOwnAliasesAndWhetherWkdPublishesThem() throws Exception {
        HttpResponse<String> listed = api.get("/api/account/aliases");

        assertThat(listed.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(listed.body()))
                .isEqualTo(JSON.readTree("{\"aliases\":[{\"address\":\"" + ALIAS + "\",\"wkd\":false}]}"));
    }

    @Test
    void publishesAnAliasWhoseUserIdTheOwnerCertifiedWithThatUserIdAlone() throws Exception {
        Account alice = api.store.accounts().findByAddress(ApiFixture.ALICE).orElseThrow();
        String certified = AliasUserId.certify(alice.publicKey(), alice.secretKey(), keys.keyPassphrase(), ALIAS);

        HttpResponse<String> published = upload(ALIAS, certified);

        assertThat(published.statusCode()).isEqualTo(204);
        assertThat(userIds(directory.publicKey(Address.parse(ALIAS)).orElseThrow())).containsExactly("<" + ALIAS + ">");
        assertThat(directory.publishedLocalParts("example.org")).contains("info");
        assertThat(api.get("/api/account/aliases").body()).contains("\"wkd\":true");
    }

    @Test
    void optingOutWithdrawsTheAlias() throws Exception {
        Account alice = api.store.accounts().findByAddress(ApiFixture.ALICE).orElseThrow();
        upload(ALIAS, AliasUserId.certify(alice.publicKey(), alice.secretKey(), keys.keyPassphrase(), ALIAS));

        HttpResponse<String> withdrawn = api.delete("/api/account/aliases/" + ALIAS + "/wkd", csrf);

        assertThat(withdrawn.statusCode()).isEqualTo(204);
        assertThat(directory.publicKey(Address.parse(ALIAS))).isEmpty();
        assertThat(directory.publishedLocalParts("example.org")).doesNotContain("info");
    }

    @Test
    void anAliasKeyIsNoLongerServedOnceTheAccountHasANewKey() throws Exception {
        Account alice = api.store.accounts().findByAddress(ApiFixture.ALICE).orElseThrow();
        upload(ALIAS, AliasUserId.certify(alice.publicKey(), alice.secretKey(), keys.keyPassphrase(), ALIAS));
        Address address = Address.parse(ApiFixture.ALICE);

        new AccountService(api.store).replaceCredentials(alice,
                Enrollment.forNewAccount(address, "a new password after a reset".toCharArray()));

        assertThat(directory.publicKey(Address.parse(ALIAS))).isEmpty();
        assertThat(directory.publicKey(address)).isPresent();
    }

    @Test
    void refusesAKeyWithoutACertifiedAliasUserId() throws Exception {
        Account alice = api.store.accounts().findByAddress(ApiFixture.ALICE).orElseThrow();

        HttpResponse<String> refused = upload(ALIAS, alice.publicKey());

        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(refused.body()).get("type").asText()).endsWith("alias-key-refused");
        assertThat(refused.body()).contains("no user ID for " + ALIAS);
        assertThat(directory.publicKey(Address.parse(ALIAS))).isEmpty();
    }

    @Test
    void anotherAccountsAliasIsNotFound() throws Exception {
        Account alice = api.store.accounts().findByAddress(ApiFixture.ALICE).orElseThrow();
        String certified = AliasUserId.certify(alice.publicKey(), alice.secretKey(), keys.keyPassphrase(), BOBS_ALIAS);

        assertThat(upload(BOBS_ALIAS, certified).statusCode()).isEqualTo(404);
        assertThat(api.delete("/api/account/aliases/" + BOBS_ALIAS + "/wkd", csrf).statusCode()).isEqualTo(404);
        assertThat(directory.publicKey(Address.parse(BOBS_ALIAS))).isEmpty();
    }

    @Test
    void publishingNeedsTheCsrfToken() throws Exception {
        Account alice = api.store.accounts().findByAddress(ApiFixture.ALICE).orElseThrow();
        String body = JSON.createObjectNode().put("publicKey", alice.publicKey()).toString();

        assertThat(api.post("/api/account/aliases/" + ALIAS + "/wkd", body, null).statusCode()).isEqualTo(403);
    }

    private HttpResponse<String> upload(String alias, String armored) throws Exception {
        return api.post("/api/account/aliases/" + alias + "/wkd",
                JSON.createObjectNode().put("publicKey", armored).toString(), csrf);
    }

    private static List<String> userIds(byte[] binary) throws Exception {
        PGPPublicKeyRing ring = new PGPPublicKeyRing(new ByteArrayInputStream(binary), new BcKeyFingerprintCalculator());
        List<String> ids = new ArrayList<>();
        ring.getPublicKey().getUserIDs().forEachRemaining(ids::add);
        return ids;
    }
}
