package dev.coffer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coffer.account.AppToken;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line, run in-process: what a user types and what they read back. */
class CofferCommandTest {

    @TempDir
    Path dir;

    private InProcessCli cli;

    @BeforeEach
    void capture() {
        cli = new InProcessCli(dir);
    }

    @AfterEach
    void restore() {
        cli.close();
    }

    @Test
    void initCreatesAConfigurationTheServerAccepts() {
        assertThat(run("", "init", "--hostname", "mail.example.org", "--domain", "example.org")).isZero();

        assertThat(dir.resolve("coffer.toml")).exists();
        assertThat(dir.resolve("tls/cert.pem")).exists();
        assertThat(run("", "domain", "list")).isZero();
        assertThat(stdout()).contains("example.org");
    }

    @Test
    void initRefusesToOverwrite() {
        run("", "init", "--hostname", "mail.example.org");

        assertThat(run("", "init", "--hostname", "mail.example.org")).isEqualTo(1);
        assertThat(stderr()).contains("already exists");
    }

    @Test
    void passwordChangeKeepsTheKeyAndResetReplacesIt() {
        setUpAccount();
        String original = fingerprint();

        assertThat(run("first password\nsecond password\n", "user", "passwd", "alice@example.org",
                "--password-stdin")).isZero();
        assertThat(fingerprint()).isEqualTo(original);

        assertThat(run("second password\nexport passphrase\n", "key", "export", "--user", "alice@example.org",
                "--secret", "--password-stdin")).isZero();
        assertThat(stdout()).contains("BEGIN PGP PRIVATE KEY BLOCK");

        assertThat(run("third password\n", "user", "passwd", "alice@example.org", "--reset",
                "--password-stdin")).isZero();
        assertThat(stdout()).contains("can no longer be decrypted");
        assertThat(fingerprint()).isNotEqualTo(original);
    }

    @Test
    void aWrongPasswordIsNamedNotStackTraced() {
        setUpAccount();

        assertThat(run("not the password\nnew password!\n", "user", "passwd", "alice@example.org",
                "--password-stdin")).isEqualTo(1);

        assertThat(stderr()).contains("coffer: the current password is wrong").doesNotContain("Exception");
    }

    @Test
    void appPasswordsAreShownOnceListedAndRevoked() {
        setUpAccount();

        assertThat(run("", "user", "app-password", "add", "alice@example.org", "phone", "--scope", "read")).isZero();
        assertThat(stdout().strip()).matches("[a-z2-9]{4}(-[a-z2-9]{4}){3}");
        assertThat(run("", "user", "app-password", "list", "alice@example.org")).isZero();
        assertThat(stdout()).contains("phone  scopes read").contains("never used");
        assertThat(run("", "user", "app-password", "revoke", "alice@example.org", "phone")).isZero();
        assertThat(run("", "user", "app-password", "revoke", "alice@example.org", "phone")).isEqualTo(1);
        assertThat(stderr()).contains("no app password named 'phone'");
    }

    @Test
    void aJmapAppPasswordCanBePrintedAsItsBearerToken() {
        setUpAccount();

        assertThat(run("", "user", "app-password", "add", "alice@example.org", "mail-app", "--scope", "jmap",
                "--jmap-token")).isZero();

        AppToken token = AppToken.decode(stdout().strip()).orElseThrow();
        assertThat(token.address()).isEqualTo("alice@example.org");
        assertThat(token.secret()).matches("[a-z2-9]{4}(-[a-z2-9]{4}){3}");
        assertThat(run("", "user", "app-password", "list", "alice@example.org")).isZero();
        assertThat(stdout()).contains("mail-app  scopes jmap");
    }

    @Test
    void anUnknownScopeIsRefusedByName() {
        setUpAccount();

        assertThat(run("", "user", "app-password", "add", "alice@example.org", "x", "--scope", "admin")).isEqualTo(1);
        assertThat(stderr()).contains("unknown app password scope 'admin'");
    }

    @Test
    void deletingAnAccountNeedsConfirmation() {
        setUpAccount();

        assertThat(run("", "user", "delete", "alice@example.org")).isEqualTo(1);
        assertThat(stderr()).contains("--yes");
        assertThat(run("", "user", "delete", "alice@example.org", "--yes")).isZero();
        assertThat(run("", "user", "list")).isZero();
        assertThat(stdout()).doesNotContain("alice@example.org");
    }

    @Test
    void aMissingDataDirectorySaysWhatToDo() {
        assertThat(CofferCommand.execute("user", "list", "--data", dir.resolve("nowhere").toString())).isEqualTo(1);
        assertThat(stderr()).contains("coffer init");
    }

    @Test
    void aGroupWithoutSubcommandListsThem() {
        assertThat(CofferCommand.execute("alias")).isNotZero();
        assertThat(stderr()).contains("add").contains("list").contains("delete");
    }

    @Test
    void theQueueIsListedRetriedAndDroppedWithoutShowingContent() throws Exception {
        setUpAccount();
        String id;
        try (dev.coffer.store.Store store = dev.coffer.store.Store.open(dir)) {
            id = dev.coffer.queue.PersistentQueue.open(store, dir).enqueue(new dev.coffer.queue.OutboundMessage(
                    "alice@example.org", java.util.List.of("carol@example.net"),
                    "Subject: QUEUE-MARKER\r\n\r\nbody\r\n".getBytes(StandardCharsets.UTF_8), false, null));
        }

        assertThat(run("", "queue", "list")).isZero();
        assertThat(stdout()).contains(id).contains("carol@example.net  pending").doesNotContain("QUEUE-MARKER");
        assertThat(run("", "queue", "retry", id)).isZero();
        assertThat(run("", "queue", "drop", id)).isZero();
        assertThat(run("", "queue", "drop", id)).isEqualTo(1);
        assertThat(stderr()).contains("no queued message " + id);
    }

    private void setUpAccount() {
        assertThat(run("", "init", "--hostname", "mail.example.org", "--domain", "example.org")).isZero();
        assertThat(run("first password\n", "user", "add", "alice@example.org", "--password-stdin")).isZero();
    }

    private String fingerprint() {
        run("", "user", "list");
        String line = stdout().lines().filter(l -> l.startsWith("alice@example.org")).findFirst().orElseThrow();
        return line.split("key ")[1].split(" ")[0];
    }

    private int run(String stdin, String... args) {
        return cli.run(stdin, args);
    }

    private String stdout() {
        return cli.stdout();
    }

    private String stderr() {
        return cli.stderr();
    }
}
