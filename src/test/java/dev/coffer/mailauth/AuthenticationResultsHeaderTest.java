package dev.coffer.mailauth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.coffer.mailauth.AuthenticationResultsParser.Parsed;
import dev.coffer.mailauth.AuthenticationResultsParser.Resinfo;
import dev.coffer.mailauth.arc.ArcResult;
import dev.coffer.mailauth.dkim.DkimAlgorithm;
import dev.coffer.mailauth.dkim.DkimResult;
import dev.coffer.mailauth.dmarc.DmarcResult;
import dev.coffer.mailauth.dmarc.DmarcResult.Code;
import dev.coffer.mailauth.dmarc.DmarcResult.Policy;
import dev.coffer.mailauth.spf.SpfResult;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AuthenticationResultsHeaderTest {

    private final AuthenticationResultsHeader header = new AuthenticationResultsHeader("mx.coffer.example");

    private static AuthenticationReport fullReport() {
        return new AuthenticationReport(
                new SpfResult(SpfResult.Code.PASS, "lists.example.org", "192.0.2.1 is allowed by ip4:192.0.2.0/24"),
                List.of(new DkimResult.Pass("example.com", "brisbane", DkimAlgorithm.ED25519_SHA256, false),
                        new DkimResult.Fail("example.org", "sel", "body hash did not verify")),
                new ArcResult(ArcResult.Code.PASS, 1, "", "mx.example.org; dkim=pass"),
                new DmarcResult(Code.FAIL, "example.net", Policy.REJECT, Policy.NONE, "arc=pass"));
    }

    @Test
    void writesOneFieldWithEveryMethodThatParsesBack() {
        String field = header.field(fullReport());

        Parsed parsed = AuthenticationResultsParser.parse(field);
        assertThat(parsed.authservId()).isEqualTo("mx.coffer.example");
        assertThat(parsed.results()).containsExactly(
                new Resinfo("spf", "pass", Map.of("smtp.mailfrom", "lists.example.org")),
                new Resinfo("dkim", "pass", Map.of("header.d", "example.com", "header.s", "brisbane",
                        "header.a", "ed25519-sha256")),
                new Resinfo("dkim", "fail", Map.of("header.d", "example.org", "header.s", "sel")),
                new Resinfo("arc", "pass", Map.of()),
                new Resinfo("dmarc", "fail", Map.of("header.from", "example.net")));
    }

    @Test
    void startsWithTheFieldNameAndPutsReasonsInComments() {
        String field = header.field(fullReport());

        assertThat(field).startsWith("Authentication-Results: mx.coffer.example;\r\n spf=pass (192.0.2.1 is allowed");
        assertThat(field).contains("dkim=fail (body hash did not verify) header.d=example.org");
        assertThat(field).contains("dmarc=fail (p=reject dis=none; arc=pass) header.from=example.net");
        assertThat(field).doesNotEndWith("\r\n").doesNotEndWith(";");
    }

    @Test
    void everyLineFitsIn78Columns() {
        String longReason = "x".repeat(10) + " word".repeat(60);
        AuthenticationReport report = new AuthenticationReport(
                new SpfResult(SpfResult.Code.FAIL, "a-very-long-subdomain-name.of-a-long-domain.example.com", longReason),
                List.of(new DkimResult.PermError(longReason)), ArcResult.none(), DmarcResult.none("example.com"));

        String field = header.field(report);

        for (String line : field.split("\r\n")) {
            assertThat(line.length()).as(line).isLessThanOrEqualTo(78);
        }
        assertThat(field.split("\r\n")).allSatisfy(line -> assertThat(line).isNotBlank());
        assertThat(AuthenticationResultsParser.parse(field).results()).hasSize(4);
    }

    @Test
    void writesNoneWhenNothingWasFound() {
        AuthenticationReport nothing = new AuthenticationReport(new SpfResult(SpfResult.Code.NONE, "", ""),
                List.of(new DkimResult.None()), ArcResult.none(), DmarcResult.none(""));

        assertThat(header.field(nothing)).isEqualTo("Authentication-Results: mx.coffer.example; none");
        assertThat(header.field(null)).isEqualTo("Authentication-Results: mx.coffer.example; none");
        assertThat(AuthenticationResultsParser.parse(header.field(nothing)).none()).isTrue();
    }

    @Test
    void senderControlledTextCannotAddResults() {
        AuthenticationReport hostile = new AuthenticationReport(
                new SpfResult(SpfResult.Code.FAIL, "evil.example", "nope) ; dmarc=pass (\r\nX-Injected: yes"),
                List.of(new DkimResult.Fail("evil.example; dkim=pass", "s\"el", "bad\\")),
                ArcResult.none(), DmarcResult.none(""));

        String field = header.field(hostile);

        assertThat(field).doesNotContain("\r\nX-Injected");
        Parsed parsed = AuthenticationResultsParser.parse(field);
        assertThat(parsed.results()).extracting(Resinfo::method).containsExactly("spf", "dkim", "arc", "dmarc");
        assertThat(parsed.results().get(1).properties()).containsEntry("header.d", "evil.example; dkim=pass")
                .containsEntry("header.s", "s\"el");
    }

    @Test
    void marksABodyLengthLimitedPass() {
        AuthenticationReport report = new AuthenticationReport(null,
                List.of(new DkimResult.Pass("example.com", "s", DkimAlgorithm.RSA_SHA256, true)), null, null);

        assertThat(header.field(report)).contains("dkim=pass (body length limited by l=) header.d=example.com");
    }

    @Test
    void refusesAnAuthservIdThatIsNotAToken() {
        assertThatThrownBy(() -> new AuthenticationResultsHeader("mx; dkim=pass"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void removesOnlyFieldsThatClaimOurAuthservId() {
        String message = "Received: from a by b\r\n"
                + "Authentication-Results: MX.Coffer.Example; dmarc=pass\r\n\theader.from=bank.example\r\n"
                + "Authentication-Results: mx.other.example;\r\n  spf=pass smtp.mailfrom=x.example\r\n"
                + "authentication-results: (a comment) mx.coffer.example;\r\n dkim=pass\r\n"
                + "Authentication-Results: \"mx.coffer.example\"; none\r\n"
                + "ARC-Authentication-Results: i=1; mx.coffer.example; spf=pass\r\n"
                + "Subject: Authentication-Results: mx.coffer.example; x\r\n"
                + "\r\n"
                + "Authentication-Results: mx.coffer.example; body text stays\r\n";

        byte[] cleaned = header.withoutForgedResults(message.getBytes(StandardCharsets.UTF_8));

        assertThat(new String(cleaned, StandardCharsets.UTF_8)).isEqualTo("Received: from a by b\r\n"
                + "Authentication-Results: mx.other.example;\r\n  spf=pass smtp.mailfrom=x.example\r\n"
                + "ARC-Authentication-Results: i=1; mx.coffer.example; spf=pass\r\n"
                + "Subject: Authentication-Results: mx.coffer.example; x\r\n"
                + "\r\n"
                + "Authentication-Results: mx.coffer.example; body text stays\r\n");
    }

    @Test
    void leavesAMessageWithoutForgeriesByteIdentical() {
        byte[] message = "From: a@example.com\nAuthentication-Results: mx.other.example; none\n\nbody\n"
                .getBytes(StandardCharsets.UTF_8);

        assertThat(header.withoutForgedResults(message)).isEqualTo(message);
    }

    @Test
    void handlesBareLineFeedsAndAHeaderWithoutBody() {
        byte[] message = "A: 1\nAuthentication-Results: mx.coffer.example; spf=pass\n B: continued\nC: 3"
                .getBytes(StandardCharsets.UTF_8);

        assertThat(new String(header.withoutForgedResults(message), StandardCharsets.UTF_8)).isEqualTo("A: 1\nC: 3");
    }
}
