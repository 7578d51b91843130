package dev.coffer.mailauth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coffer.mailauth.arc.ArcResult;
import dev.coffer.mailauth.dkim.DkimAlgorithm;
import dev.coffer.mailauth.dkim.DkimResult;
import dev.coffer.mailauth.dmarc.DmarcResult;
import dev.coffer.mailauth.spf.SpfResult;
import dev.coffer.testing.ExternalProgram;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Our Authentication-Results field as read by authres, Debian's python3-authres (an independent
 * RFC 8601 parser). Not skipped when the package is missing: the test fails and says so.
 */
class PythonAuthresInteropTest {

    /** Reads one field from stdin and prints "authserv-id" then "method=result ptype.property=value..." lines. */
    private static final String READER = """
            import sys, authres
            field = sys.stdin.read()
            parsed = authres.AuthenticationResultsHeader.parse(field)
            print(parsed.authserv_id)
            for r in parsed.results:
                print(" ".join([r.method + "=" + r.result] + [p.type + "." + p.name + "=" + p.value for p in r.properties]))
            """;

    private static String python;

    @BeforeAll
    static void findAuthres() {
        List<String> tried = new ArrayList<>();
        for (String candidate : List.of("/usr/bin/python3", "python3")) {
            tried.add(candidate);
            if (ExternalProgram.succeeds(candidate, "-c", "import authres")) {
                python = candidate;
                break;
            }
        }
        if (python == null) {
            throw new AssertionError("python3-authres is required for this test and was not found with " + tried
                    + "; install it: apt-get install -y python3-authres");
        }
    }

    private static List<String> readByAuthres(String field) throws Exception {
        ExternalProgram.Result result = ExternalProgram.run(List.of(python, "-c", READER),
                field.getBytes(StandardCharsets.US_ASCII), Duration.ofSeconds(30));
        assertThat(result.exitCode()).as(result.stderr()).isZero();
        return result.stdout().lines().toList();
    }

    @Test
    void authresReadsEveryResultWeWrite() throws Exception {
        AuthenticationReport report = new AuthenticationReport(
                new SpfResult(SpfResult.Code.PASS, "lists.example.org", "192.0.2.1 is allowed (ip4)"),
                List.of(new DkimResult.Pass("example.com", "brisbane", DkimAlgorithm.ED25519_SHA256, false),
                        new DkimResult.Fail("example.org", "sel", "body hash did not verify")),
                new ArcResult(ArcResult.Code.PASS, 2, "", ""),
                new DmarcResult(DmarcResult.Code.FAIL, "example.net", DmarcResult.Policy.REJECT,
                        DmarcResult.Policy.NONE, "arc=pass"));

        String field = new AuthenticationResultsHeader("mx.coffer.example").field(report);

        assertThat(readByAuthres(field)).containsExactly(
                "mx.coffer.example",
                "spf=pass smtp.mailfrom=lists.example.org",
                "dkim=pass header.d=example.com header.s=brisbane header.a=ed25519-sha256",
                "dkim=fail header.d=example.org header.s=sel",
                "arc=pass",
                "dmarc=fail header.from=example.net");
    }

    @Test
    void authresReadsTheNoneField() throws Exception {
        String field = new AuthenticationResultsHeader("mx.coffer.example").field(null);

        assertThat(readByAuthres(field)).containsExactly("mx.coffer.example");
    }

    @Test
    void hostileReasonsStayInsideTheirComments() throws Exception {
        AuthenticationReport report = new AuthenticationReport(
                new SpfResult(SpfResult.Code.FAIL, "evil.example", "x) ; dmarc=pass (y"),
                List.of(), null, null);

        String field = new AuthenticationResultsHeader("mx.coffer.example").field(report);

        assertThat(readByAuthres(field)).containsExactly("mx.coffer.example", "spf=fail smtp.mailfrom=evil.example");
    }
}
