package dev.coffer.cli;

import static org.assertj.core.api.Assertions.assertThat;

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

    private InProcessCli cli;

    @BeforeEach
    void setUp() {
        cli = new InProcessCli(dir);
        assertThat(run("", "init", "--hostname", "mail.example.org", "--domain", "example.org")).isZero();
        assertThat(run("a password\n", "user", "add", "alice@example.org", "--password-stdin")).isZero();
    }

    @AfterEach
    void restore() {
        cli.close();
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
        assertThat(cli.stderr()).contains("is active; deactivate it first");
        assertThat(run("", "sieve", "deactivate", "alice@example.org")).isZero();
        assertThat(run("", "sieve", "delete", "alice@example.org", "lists")).isZero();
    }

    @Test
    void aScriptThatDoesNotCompileIsRefusedWithItsLine() throws Exception {
        Path script = Files.writeString(dir.resolve("bad.sieve"), "keep;\nkeep;\nfrobnicate;\n");
        assertThat(run("", "sieve", "put", "alice@example.org", "bad", script.toString())).isEqualTo(1);
        assertThat(cli.stderr())
                .isEqualTo("coffer: script bad refused: line 3: unknown command 'frobnicate'\n");
    }

    @Test
    void anUnknownAccountIsNamed() {
        assertThat(run("", "sieve", "list", "nobody@example.org")).isEqualTo(1);
        assertThat(cli.stderr()).contains("nobody@example.org");
    }

    private int run(String stdin, String... args) {
        return cli.run(stdin, args);
    }

    private String out() {
        return cli.stdout();
    }
}
