package dev.coffer.mailauth.dkim;

import static dev.coffer.mailauth.dkim.DkimFixtures.clockAt;
import static dev.coffer.mailauth.dkim.DkimFixtures.concat;
import static dev.coffer.mailauth.dkim.DkimFixtures.crlf;
import static org.assertj.core.api.Assertions.assertThat;

import dev.coffer.testing.ExternalProgram;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.interfaces.EdECPrivateKey;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Interoperability with dkimpy, Debian's python3-dkim: what we sign it verifies, what it
 * signs we verify. Not skipped when python3-dkim is missing: the test fails and says so.
 */
class PythonDkimInteropTest {

    private static final String DOMAIN = "coffer.example";
    private static final String SELECTOR = "interop";

    private static final String MESSAGE = """
            From: Alice <alice@coffer.example>
            To: Bob <bob@elsewhere.example>
            Subject: Interop  test\t
            Date: Thu, 9 Oct 2025 10:00:00 +0000
            Message-ID: <interop-1@coffer.example>
            MIME-Version: 1.0
            Content-Type: text/plain; charset=utf-8

            Hello from Java.\t\s
            Trailing space and empty lines follow.\s


            """;

    private static String python;
    private static KeyPair ed25519;
    private static KeyPair rsa;

    @TempDir
    Path dir;

    @BeforeAll
    static void findPythonDkim() throws Exception {
        // pyenv or venv shims may shadow the system interpreter that has the Debian package
        List<String> tried = new ArrayList<>();
        for (String candidate : List.of("/usr/bin/python3", "python3")) {
            tried.add(candidate);
            if (ExternalProgram.succeeds(candidate, "-c", "import dkim, nacl")) {
                python = candidate;
                break;
            }
        }
        if (python == null) {
            throw new AssertionError("python3-dkim (with python3-nacl) is required for this test and was not found"
                    + " with " + tried + "; install it: apt-get install -y python3-dkim python3-nacl");
        }
        ed25519 = DkimKeys.generateEd25519();
        rsa = DkimKeys.generateRsa();
    }

    @ParameterizedTest
    @EnumSource(DkimAlgorithm.class)
    void dkimpyVerifiesWhatWeSign(DkimAlgorithm algorithm) throws Exception {
        KeyPair pair = pair(algorithm);
        byte[] message = crlf(MESSAGE);
        String field = new DkimSigner(DOMAIN, SELECTOR, pair.getPrivate(), Clock.systemUTC()).sign(message);
        Path signed = write("signed.eml", concat(field, message));
        Path txt = write("record.txt", DkimKeys.dnsRecord(pair.getPublic()).getBytes(StandardCharsets.US_ASCII));

        assertThat(run("verify", signed.toString(), txt.toString())).isEqualTo("pass");

        // and it is not vacuous: a changed body fails there too
        Path tampered = write("tampered.eml", concat(field, crlf(MESSAGE.replace("Java", "Jawa"))));
        assertThat(run("verify", tampered.toString(), txt.toString())).isEqualTo("fail");
    }

    @ParameterizedTest
    @CsvSource({
        "rsa-sha256, relaxed/relaxed",
        "rsa-sha256, simple/simple",
        "ed25519-sha256, relaxed/relaxed",
        "ed25519-sha256, simple/simple",
    })
    void weVerifyWhatDkimpySigns(String algorithmName, String canonicalization) throws Exception {
        DkimAlgorithm algorithm = DkimAlgorithm.fromTagValue(algorithmName).orElseThrow();
        KeyPair pair = pair(algorithm);
        Path message = write("message.eml", crlf(MESSAGE));
        Path key = write("key", privateKeyForDkimpy(pair));
        Path out = dir.resolve("signed.eml");

        assertThat(run("sign", message.toString(), SELECTOR, DOMAIN, key.toString(), algorithmName,
                canonicalization, out.toString())).isEqualTo("signed");

        DkimFixtures.MapLookup lookup = new DkimFixtures.MapLookup()
                .with(SELECTOR, DOMAIN, DkimKeys.dnsRecord(pair.getPublic()));
        List<DkimResult> results = new DkimVerifier(lookup, Clock.systemUTC()).verify(Files.readAllBytes(out));
        assertThat(results).containsExactly(new DkimResult.Pass(DOMAIN, SELECTOR, algorithm, false));
    }

    @Test
    void dkimpyVerifiesTheRfc8463ExampleKeyRecordsWeDerive() throws Exception {
        // the Ed25519 TXT value we produce is the raw key of RFC 8463 §4.2, as dkimpy expects
        byte[] message = crlf(MESSAGE);
        String field = new DkimSigner("football.example.com", "brisbane", DkimFixtures.rfc8463Ed25519Key(),
                clockAt(1528637909L)).sign(message);
        Path signed = write("signed.eml", concat(field, message));
        Path txt = write("record.txt", DkimKeys.dnsRecord(DkimFixtures.rfc8463Ed25519Key())
                .getBytes(StandardCharsets.US_ASCII));

        assertThat(run("verify", signed.toString(), txt.toString())).isEqualTo("pass");
    }

    /** dkimpy takes RSA keys as PEM (PKCS#8 is fine) and Ed25519 keys as the base64 seed. */
    private static byte[] privateKeyForDkimpy(KeyPair pair) {
        if (pair.getPrivate() instanceof EdECPrivateKey ed) {
            return Base64.getEncoder().encode(ed.getBytes().orElseThrow());
        }
        return DkimKeys.toPem(pair.getPrivate()).getBytes(StandardCharsets.US_ASCII);
    }

    private static KeyPair pair(DkimAlgorithm algorithm) {
        return algorithm == DkimAlgorithm.ED25519_SHA256 ? ed25519 : rsa;
    }

    private Path write(String name, byte[] content) throws IOException {
        return Files.write(dir.resolve(name), content);
    }

    private String run(String... args) throws Exception {
        Path script = dir.resolve("dkim_interop.py");
        if (!Files.exists(script)) {
            Files.writeString(script, DkimFixtures.resource("dkim_interop.py"));
        }
        List<String> command = new ArrayList<>(List.of(python, script.toString()));
        command.addAll(List.of(args));
        ExternalProgram.Result result = ExternalProgram.run(new ProcessBuilder(command).redirectErrorStream(true),
                null, Duration.ofSeconds(60));
        String output = result.stdout().strip();
        assertThat(result.exitCode()).as("dkimpy exit status; output: %s", output).isZero();
        return output;
    }
}
