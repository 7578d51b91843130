package dev.coffer.web.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.coffer.account.DomainOwnership;
import dev.coffer.crypto.KdfParams;
import dev.coffer.crypto.KeyDerivation;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A user adds their own domain, publishes the TXT token it gets, and asks Coffer to verify it. */
class DomainApiTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;
    ApiFixture api;
    String csrf;

    private void start(boolean userDomains) throws Exception {
        api = new ApiFixture(dir, userDomains);
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

    private static JsonNode json(HttpResponse<String> response) throws Exception {
        return JSON.readTree(response.body());
    }

    @Test
    void addingADomainGivesTheTxtRecordThatProvesOwnership() throws Exception {
        start(true);

        HttpResponse<String> added = api.post("/api/account/domains", "{\"domain\":\"Alice.Example\"}", csrf);

        assertThat(added.statusCode()).isEqualTo(201);
        JsonNode body = json(added);
        assertThat(body.get("domain").asText()).isEqualTo("alice.example");
        assertThat(body.get("verified").asBoolean()).isFalse();
        assertThat(body.at("/txt/name").asText()).isEqualTo("_coffer-verify.alice.example");
        assertThat(body.at("/txt/value").asText()).matches("coffer-verify=[0-9a-f]{32}");
        assertThat(json(api.get("/api/account/domains")).at("/pending/0/domain").asText()).isEqualTo("alice.example");
    }

    @Test
    void verificationSucceedsOnlyOnceTheTokenIsInDns() throws Exception {
        start(true);
        JsonNode added = json(api.post("/api/account/domains", "{\"domain\":\"alice.example\"}", csrf));

        HttpResponse<String> early = api.post("/api/account/domains/alice.example/verify", "{}", csrf);
        assertThat(early.statusCode()).isEqualTo(409);
        assertThat(json(early).get("type").asText()).endsWith("ownership-not-proved");
        assertThat(json(early).get("field").asText()).isEqualTo("domain");

        api.txtRecords.put(added.at("/txt/name").asText(), List.of("v=spf1 -all", added.at("/txt/value").asText()));
        HttpResponse<String> tooSoon = api.post("/api/account/domains/alice.example/verify", "{}", csrf);
        assertThat(tooSoon.statusCode()).isEqualTo(429);
        assertThat(json(tooSoon).get("type").asText()).endsWith("verification-too-soon");
        api.domainClock.advance(DomainOwnership.LOOKUP_INTERVAL);
        HttpResponse<String> verified = api.post("/api/account/domains/alice.example/verify", "{}", csrf);

        assertThat(verified.statusCode()).isEqualTo(200);
        assertThat(json(verified).get("verified").asBoolean()).isTrue();
        assertThat(api.store.domains().find("alice.example")).isPresent();
        assertThat(json(api.get("/api/account/domains")).get("verified").get(0).asText()).isEqualTo("alice.example");
    }

    @Test
    void badDomainNamesAreRefusedNamingTheField() throws Exception {
        start(true);

        for (String body : List.of("{\"domain\":\"not a domain\"}", "{\"domain\":5}", "{}")) {
            HttpResponse<String> refused = api.post("/api/account/domains", body, csrf);
            assertThat(refused.statusCode()).as(body).isEqualTo(400);
            assertThat(json(refused).get("field").asText()).as(body).isEqualTo("domain");
        }
    }

    @Test
    void aDomainHostedAlreadyCannotBeClaimed() throws Exception {
        start(true);

        HttpResponse<String> refused = api.post("/api/account/domains", "{\"domain\":\"example.org\"}", csrf);

        assertThat(refused.statusCode()).isEqualTo(409);
        assertThat(json(refused).get("type").asText()).endsWith("domain-hosted");
    }

    @Test
    void whenTheOperatorHasNotAllowedUserDomainsTheApiSaysSo() throws Exception {
        start(false);

        HttpResponse<String> refused = api.post("/api/account/domains", "{\"domain\":\"alice.example\"}", csrf);

        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(json(refused).get("type").asText()).endsWith("user-domains-off");
    }

    @Test
    void aClaimCanBeWithdrawn() throws Exception {
        start(true);
        api.post("/api/account/domains", "{\"domain\":\"alice.example\"}", csrf);

        assertThat(api.delete("/api/account/domains/alice.example", csrf).statusCode()).isEqualTo(204);
        assertThat(api.delete("/api/account/domains/alice.example", csrf).statusCode()).isEqualTo(404);
        assertThat(json(api.get("/api/account/domains")).get("pending")).isEmpty();
    }
}
