package dev.coffer.mailauth.arc;

import static dev.coffer.mailauth.arc.ArcFixtures.CLOCK;
import static dev.coffer.mailauth.arc.ArcFixtures.MESSAGE;
import static dev.coffer.mailauth.arc.ArcFixtures.bytes;
import static dev.coffer.mailauth.arc.ArcFixtures.crlf;
import static dev.coffer.mailauth.arc.ArcFixtures.prepend;
import static dev.coffer.mailauth.arc.ArcFixtures.text;
import static org.assertj.core.api.Assertions.assertThat;

import dev.coffer.mailauth.dkim.DkimKeys;
import dev.coffer.testing.ExternalProgram;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Interoperability with dkimpy (Debian's python3-dkim, with python3-authres): chains it seals
 * we validate, chains we seal it validates, and mixed chains both ways. dkimpy 1.1.4 accepts
 * only rsa-sha256 in ARC, so every set here is RSA; Ed25519 sealing is covered by
 * {@link ArcSealerVerifierTest}. Not skipped when dkimpy is missing: the test fails and says so.
 */
class PythonArcInteropTest {

    private static final String LIST = "lists.example";
    private static final String LIST_SERVER = "mx.lists.example";
    private static final String FORWARDER = "forwarder.example";
    private static final String FORWARDER_SERVER = "mx.forwarder.example";

    private static String python;
    private static KeyPair listKey;
    private static KeyPair forwarderKey;
    private static ArcFixtures.MapLookup keys;

    @TempDir
    Path dir;

    @BeforeAll
    static void findDkimpy() {
        // pyenv or venv shims may shadow the system interpreter that has the Debian packages
        for (String candidate : List.of("/usr/bin/python3", "python3")) {
            if (ExternalProgram.succeeds(candidate, "-c", "import dkim, authres")) {
                python = candidate;
                break;
            }
        }
        if (python == null) {
            throw new AssertionError("python3-dkim and python3-authres are required for this test;"
                    + " install them: apt-get install -y python3-dkim python3-authres");
        }
        listKey = DkimKeys.generateRsa();
        forwarderKey = DkimKeys.generateRsa();
        keys = new ArcFixtures.MapLookup().with("arc", LIST, listKey).with("arc", FORWARDER, forwarderKey);
    }

    /** The message as the list received it, with the list's Authentication-Results on top. */
    private static byte[] received() {
        return prepend("Authentication-Results: " + LIST_SERVER
                + "; spf=pass smtp.mailfrom=alice@origin.example", crlf(MESSAGE));
    }

    private static ArcResult weVerify(byte[] message) {
        return new ArcVerifier(keys, CLOCK).verify(message);
    }

    private static ArcSealer ourList() {
        return new ArcSealer(LIST, "arc", listKey.getPrivate(), LIST_SERVER, CLOCK);
    }

    private static ArcSealer ourForwarder() {
        return new ArcSealer(FORWARDER, "arc", forwarderKey.getPrivate(), FORWARDER_SERVER, CLOCK);
    }

    @Test
    void weValidateOneSetDkimpySealed() throws Exception {
        byte[] hop1 = dkimpySeal(received(), LIST, listKey, LIST_SERVER);

        assertThat(text(hop1)).startsWith("ARC-Seal: i=1; cv=none; a=rsa-sha256;");
        assertThat(weVerify(hop1)).isEqualTo(new ArcResult(ArcResult.Code.PASS, 1, "",
                LIST_SERVER + "; spf=pass smtp.mailfrom=alice@origin.example"));

        ArcResult changedBody = weVerify(bytes(text(hop1).replace("Second line.", "Second line!")));
        assertThat(changedBody.code()).isEqualTo(ArcResult.Code.FAIL);
        assertThat(changedBody.reason()).contains("body hash");
        ArcResult changedSubject = weVerify(bytes(text(hop1).replace("Subject: Forwarded", "Subject: Rewritten")));
        assertThat(changedSubject.code()).isEqualTo(ArcResult.Code.FAIL);
        assertThat(changedSubject.reason()).contains("ARC-Message-Signature i=1", "signature does not verify");
    }

    @Test
    void weValidateTwoSetsDkimpySealed() throws Exception {
        byte[] hop1 = dkimpySeal(received(), LIST, listKey, LIST_SERVER);
        byte[] hop2 = dkimpySeal(prepend("Authentication-Results: " + FORWARDER_SERVER + "; arc=pass", hop1),
                FORWARDER, forwarderKey, FORWARDER_SERVER);

        assertThat(text(hop2)).startsWith("ARC-Seal: i=2; cv=pass;");
        ArcResult result = weVerify(hop2);
        assertThat(result.code()).as(result.reason()).isEqualTo(ArcResult.Code.PASS);
        assertThat(result.instances()).isEqualTo(2);
        assertThat(result.oldestPass()).isEqualTo(LIST_SERVER + "; spf=pass smtp.mailfrom=alice@origin.example");

        ArcResult changedFirstResults = weVerify(bytes(text(hop2).replace("spf=pass", "spf=softfail")));
        assertThat(changedFirstResults.code()).isEqualTo(ArcResult.Code.FAIL);
        assertThat(changedFirstResults.reason()).contains("ARC-Seal i=2 does not verify");
    }

    @Test
    void dkimpyValidatesOneSetWeSealed() throws Exception {
        byte[] hop1 = ourList().seal(received(), "spf=pass smtp.mailfrom=alice@origin.example", ArcResult.none());

        assertThat(dkimpyVerify(hop1)).startsWith("pass\n");
        // and it is not vacuous: a changed body fails there too
        assertThat(dkimpyVerify(bytes(text(hop1).replace("Second line.", "Second line!")))).startsWith("fail\n");
    }

    @Test
    void dkimpyValidatesTwoSetsWeSealed() throws Exception {
        byte[] hop1 = ourList().seal(received(), "spf=pass", ArcResult.none());
        byte[] hop2 = ourForwarder().seal(hop1, "arc=pass", weVerify(hop1));

        assertThat(dkimpyVerify(hop2)).startsWith("pass\n");
        assertThat(dkimpyVerify(bytes(text(hop2).replace("i=1; mx.lists.example; spf=pass",
                "i=1; mx.lists.example; spf=fail")))).startsWith("fail\n");
    }

    @Test
    void mixedChainsValidateOnBothSides() throws Exception {
        // dkimpy first, we second
        byte[] dkimpyFirst = dkimpySeal(received(), LIST, listKey, LIST_SERVER);
        byte[] weSecond = ourForwarder().seal(dkimpyFirst, "arc=pass", weVerify(dkimpyFirst));
        assertThat(weVerify(weSecond).code()).isEqualTo(ArcResult.Code.PASS);
        assertThat(dkimpyVerify(weSecond)).startsWith("pass\n");

        // we first, dkimpy second
        byte[] weFirst = ourList().seal(received(), "spf=pass", ArcResult.none());
        byte[] dkimpySecond = dkimpySeal(prepend("Authentication-Results: " + FORWARDER_SERVER + "; arc=pass", weFirst),
                FORWARDER, forwarderKey, FORWARDER_SERVER);
        assertThat(dkimpyVerify(dkimpySecond)).startsWith("pass\n");
        ArcResult result = weVerify(dkimpySecond);
        assertThat(result.code()).as(result.reason()).isEqualTo(ArcResult.Code.PASS);
        assertThat(result.instances()).isEqualTo(2);
    }

    @Test
    void dkimpyReadsOurCvFailSealAsAFailedChain() throws Exception {
        byte[] broken = bytes(text(dkimpySeal(received(), LIST, listKey, LIST_SERVER))
                .replace("Second line.", "Second line, with a list footer."));
        ArcResult incoming = weVerify(broken);
        assertThat(incoming.code()).isEqualTo(ArcResult.Code.FAIL);

        byte[] sealed = ourForwarder().seal(broken, "arc=fail", incoming);

        assertThat(text(sealed)).contains("cv=fail");
        assertThat(dkimpyVerify(sealed)).startsWith("fail\n").contains("ARC-Seal[2] reported failure");
    }

    private byte[] dkimpySeal(byte[] message, String domain, KeyPair key, String server) throws Exception {
        Path in = Files.write(dir.resolve("in.eml"), message);
        Path pem = Files.writeString(dir.resolve("key.pem"), DkimKeys.toPem(key.getPrivate()));
        Path out = dir.resolve("out.eml");
        assertThat(run("sign", in.toString(), "arc", domain, pem.toString(), server, out.toString()))
                .isEqualTo("signed\n");
        return Files.readAllBytes(out);
    }

    /** dkimpy's verdict and reason, two lines. */
    private String dkimpyVerify(byte[] message) throws Exception {
        Path in = Files.write(dir.resolve("verify.eml"), message);
        List<String> args = new ArrayList<>(List.of("verify", in.toString()));
        for (Map.Entry<String, String> record : keys.records().entrySet()) {
            args.add(record.getKey());
            args.add(record.getValue());
        }
        return run(args.toArray(String[]::new));
    }

    private String run(String... args) throws IOException {
        Path script = dir.resolve("arc_interop.py");
        if (!Files.exists(script)) {
            try (InputStream resource = PythonArcInteropTest.class.getResourceAsStream("arc_interop.py")) {
                Files.write(script, resource.readAllBytes());
            }
        }
        List<String> command = new ArrayList<>(List.of(python, script.toString()));
        command.addAll(List.of(args));
        ExternalProgram.Result result = ExternalProgram.run(command, null, Duration.ofSeconds(60));
        assertThat(result.exitCode()).as("dkimpy exit status; stderr: %s", result.stderr()).isZero();
        return new String(result.stdoutBytes(), StandardCharsets.UTF_8);
    }
}
