package dev.coffer.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.PGPPublicKeyRing;
import org.bouncycastle.openpgp.PGPUtil;
import org.bouncycastle.openpgp.operator.bc.BcKeyFingerprintCalculator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** WKD over real HTTPS: both methods, only the asked-for user ID, 404 for everything else. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WebKeyDirectoryTest {

    static final String JOE_HASH = WkdHash.of("joe.doe");

    WebFixture web;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        web = new WebFixture(dir, new SecurityHeaders(false, ""));
    }

    @AfterAll
    void stop() {
        web.close();
    }

    @Test
    void directMethodServesTheKeyWithOnlyTheRequestedUserId() throws Exception {
        HttpResponse<byte[]> response = web.get(WebFixture.DOMAIN, "/.well-known/openpgpkey/hu/" + JOE_HASH + "?l=Joe.Doe");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type")).contains("application/octet-stream");
        assertThat(userIds(response.body())).containsExactly("<" + WebFixture.JOE + ">");
    }

    @Test
    void advancedMethodServesTheSameKey() throws Exception {
        HttpResponse<byte[]> response = web.get("openpgpkey." + WebFixture.DOMAIN,
                "/.well-known/openpgpkey/" + WebFixture.DOMAIN + "/hu/" + JOE_HASH + "?l=joe.doe");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(userIds(response.body())).containsExactly("<" + WebFixture.JOE + ">");
    }

    @Test
    void findsTheKeyByHashAloneWithoutTheLocalPartHint() throws Exception {
        HttpResponse<byte[]> response = web.get(WebFixture.DOMAIN, "/.well-known/openpgpkey/hu/" + JOE_HASH);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(userIds(response.body())).containsExactly("<" + WebFixture.JOE + ">");
    }

    @Test
    void keepsTheSubkeysAndSignatures() throws Exception {
        byte[] body = web.get(WebFixture.DOMAIN, "/.well-known/openpgpkey/hu/" + JOE_HASH).body();

        PGPPublicKeyRing ring = new PGPPublicKeyRing(body, new BcKeyFingerprintCalculator());
        List<PGPPublicKey> keys = new ArrayList<>();
        ring.getPublicKeys().forEachRemaining(keys::add);
        assertThat(keys).hasSize(2);
        assertThat(keys.get(1).isEncryptionKey()).isTrue();
        assertThat(ring.getPublicKey().getSignaturesForID("<" + WebFixture.JOE + ">")).hasNext();
    }

    @Test
    void doesNotPublishAliasesYet() throws Exception {
        HttpResponse<byte[]> response = web.get(WebFixture.DOMAIN, "/.well-known/openpgpkey/hu/" + WkdHash.of("jd") + "?l=jd");

        assertThat(response.statusCode()).isEqualTo(404);
    }

    @Test
    void unknownHashesAndDomainsAreNotFound() throws Exception {
        assertThat(web.get(WebFixture.DOMAIN, "/.well-known/openpgpkey/hu/" + WkdHash.of("nobody")).statusCode())
                .isEqualTo(404);
        assertThat(web.get(WebFixture.DOMAIN, "/.well-known/openpgpkey/hu/not-a-hash").statusCode()).isEqualTo(404);
        assertThat(web.get("unhosted.example", "/.well-known/openpgpkey/hu/" + JOE_HASH).statusCode()).isEqualTo(404);
        assertThat(web.get("openpgpkey.unhosted.example",
                "/.well-known/openpgpkey/unhosted.example/hu/" + JOE_HASH).statusCode()).isEqualTo(404);
    }

    @Test
    void advancedMethodNeedsTheHostToMatchThePath() throws Exception {
        assertThat(web.get(WebFixture.DOMAIN, "/.well-known/openpgpkey/" + WebFixture.DOMAIN + "/hu/" + JOE_HASH)
                .statusCode()).isEqualTo(404);
        assertThat(web.get("openpgpkey." + WebFixture.DOMAIN,
                "/.well-known/openpgpkey/unhosted.example/hu/" + JOE_HASH).statusCode()).isEqualTo(404);
    }

    @Test
    void servesAnEmptyPolicyForBothMethods() throws Exception {
        HttpResponse<byte[]> direct = web.get(WebFixture.DOMAIN, "/.well-known/openpgpkey/policy");
        HttpResponse<byte[]> advanced = web.get("openpgpkey." + WebFixture.DOMAIN,
                "/.well-known/openpgpkey/" + WebFixture.DOMAIN + "/policy");

        assertThat(direct.statusCode()).isEqualTo(200);
        assertThat(direct.body()).isEmpty();
        assertThat(advanced.statusCode()).isEqualTo(200);
        assertThat(advanced.body()).isEmpty();
        assertThat(web.get("unhosted.example", "/.well-known/openpgpkey/policy").statusCode()).isEqualTo(404);
    }

    private static List<String> userIds(byte[] binaryKey) throws Exception {
        assertThat(binaryKey[0] & 0x80).as("binary, not armored").isNotZero();
        PGPPublicKeyRing ring = new PGPPublicKeyRing(
                PGPUtil.getDecoderStream(new ByteArrayInputStream(binaryKey)), new BcKeyFingerprintCalculator());
        List<String> ids = new ArrayList<>();
        ring.getPublicKey().getUserIDs().forEachRemaining(ids::add);
        return ids;
    }

}
