package dev.coffer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code coffer sieve}: what an operator types to manage a user's scripts, and what they read. */
class SieveCommandTest {

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private PrintStream originalOut;
    private PrintStream originalErr;
    private InputStream originalIn;

    @BeforeEach
    void setUp() {
        originalOut = System.out;
        originalErr = System.err;
        originalIn = System.in;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(run("", "init", "--hostname", "mail.example.org", "--domain", "example.org")).isZero();
        assertThat(run("a password\n", "user", "add", "alice@example.org", "--password-stdin")).isZero();
    }

    @AfterEach
    void restore() {
        System.setOut(originalOut);
        System.setErr(originalErr);
        System.setIn(originalIn);
    }

    @Test
    void putActivateListGetAndDelete() throws Exception {
        Path script = Files.writeString(dir.resolve("lists.sieve"), "require \"fileinto\";\nfileinto \"Lists\";\n");
        assertThat(run("", "sieve", "put", "alice@example.org", "lists", script.toString(), "--activate")).isZero();
        assertThat(out()).isEqualTo("stored script lists (active)\n");
        assertThat(run("", "sieve", "list", "alice@example.org")).isZero();
        assertThat(out()).isEqualTo("lists  (active)\n");
        assertThat(run("", "sieve", "get", "alice@example.org", "lists")).isZero();
        assertThat(out()).isEqualTo(Files.readString(script));
        assertThat(run("", "sieve", "delete", "alice@example.org", "lists")).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("is active; deactivate it first");
        assertThat(run("", "sieve", "deactivate", "alice@example.org")).isZero();
        assertThat(run("", "sieve", "delete", "alice@example.org", "lists")).isZero();
    }

    @Test
    void aScriptThatDoesNotCompileIsRefusedWithItsLine() throws Exception {
        Path script = Files.writeString(dir.resolve("bad.sieve"), "keep;\nkeep;\nfrobnicate;\n");
        assertThat(run("", "sieve", "put", "alice@example.org", "bad", script.toString())).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .isEqualTo("coffer: script bad refused: line 3: unknown command 'frobnicate'\n");
    }

    @Test
    void anUnknownAccountIsNamed() {
        assertThat(run("", "sieve", "list", "nobody@example.org")).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("nobody@example.org");
    }

    private int run(String stdin, String... args) {
        out.reset();
        err.reset();
        System.setIn(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
        String[] withData = new String[args.length + 2];
        System.arraycopy(args, 0, withData, 0, args.length);
        withData[args.length] = "--data";
        withData[args.length + 1] = dir.toString();
        return CofferCommand.execute(withData);
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }
}
