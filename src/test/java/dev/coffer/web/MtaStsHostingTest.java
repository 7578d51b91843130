package dev.coffer.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MtaStsHostingTest {

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
    void servesThePolicyOfAHostedDomainWithCrlfLines() throws Exception {
        HttpResponse<byte[]> response = web.get("mta-sts." + WebFixture.DOMAIN, MtaStsHosting.PATH);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type")).get().asString().startsWith("text/plain");
        assertThat(new String(response.body(), StandardCharsets.US_ASCII)).isEqualTo(
                "version: STSv1\r\nmode: enforce\r\nmx: " + WebFixture.HOSTNAME + "\r\nmax_age: 604800\r\n");
    }

    @Test
    void unhostedDomainsAndOtherHostsAreNotFound() throws Exception {
        assertThat(web.get("mta-sts.unhosted.example", MtaStsHosting.PATH).statusCode()).isEqualTo(404);
        assertThat(web.get(WebFixture.DOMAIN, MtaStsHosting.PATH).statusCode()).isEqualTo(404);
    }

    @Test
    void policyIdIsStableAndFollowsThePolicy() {
        MtaStsPolicyFile enforce = new MtaStsPolicyFile("enforce", "mx.example.org", 604_800);

        assertThat(enforce.id()).matches("[0-9a-f]{16}").isEqualTo(new MtaStsPolicyFile("enforce", "mx.example.org", 604_800).id());
        assertThat(enforce.id()).isNotEqualTo(new MtaStsPolicyFile("testing", "mx.example.org", 604_800).id());
        assertThat(enforce.id()).isNotEqualTo(new MtaStsPolicyFile("enforce", "mx2.example.org", 604_800).id());
        assertThat(enforce.txtRecord()).isEqualTo("v=STSv1; id=" + enforce.id());
    }

    @Test
    void capsMaxAgeAtTheRfcLimit() {
        // RFC 8461 §3.2: at most 31557600.
        assertThat(new MtaStsPolicyFile("enforce", "mx.example.org", 99_999_999).text()).contains("max_age: 31557600\r\n");
    }
}
