package dev.coffer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coffer.account.AccountException;
import dev.coffer.account.Address;
import dev.coffer.account.PublicDirectory;
import dev.coffer.store.Store;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code coffer alias wkd ADDRESS on|off}: the owner's password certifies the alias; off withdraws it. */
class AliasWkdCommandTest {

    private static final String ALIAS = "info@example.org";

    @TempDir
    Path dir;

    private InProcessCli cli;

    @BeforeEach
    void setUp() {
        cli = new InProcessCli(dir);
        assertThat(cli.run("", "init", "--hostname", "mail.example.org", "--domain", "example.org")).isZero();
        assertThat(cli.run("the password\n", "user", "add", "alice@example.org", "--password-stdin")).isZero();
        assertThat(cli.run("", "alias", "add", ALIAS, "alice@example.org")).isZero();
    }

    @AfterEach
    void restore() {
        cli.close();
    }

    @Test
    void onPublishesTheAliasAndOffWithdrawsIt() throws Exception {
        assertThat(cli.run("the password\n", "alias", "wkd", ALIAS, "on", "--password-stdin")).isZero();
        assertThat(cli.stdout()).contains("published " + ALIAS);
        assertThat(publishedKey()).isPresent();

        assertThat(cli.run("", "alias", "wkd", ALIAS, "off")).isZero();
        assertThat(cli.stdout()).contains("withdrew " + ALIAS);
        assertThat(publishedKey()).isEmpty();
    }

    @Test
    void aWrongPasswordPublishesNothing() throws Exception {
        assertThat(cli.run("not the password\n", "alias", "wkd", ALIAS, "on", "--password-stdin")).isEqualTo(1);

        assertThat(cli.stderr()).contains("coffer: the password is wrong").doesNotContain("Exception");
        assertThat(publishedKey()).isEmpty();
    }

    @Test
    void refusesAnAddressThatIsNoAliasAndAnUnknownState() {
        assertThat(cli.run("the password\n", "alias", "wkd", "nobody@example.org", "on", "--password-stdin"))
                .isEqualTo(1);
        assertThat(cli.stderr()).contains("no alias nobody@example.org");

        assertThat(cli.run("", "alias", "wkd", ALIAS, "maybe")).isEqualTo(1);
        assertThat(cli.stderr()).contains("say 'on' or 'off'");
    }

    private Optional<byte[]> publishedKey() throws IOException, AccountException {
        try (Store store = Store.open(dir)) {
            return new PublicDirectory(store).publicKey(Address.parse(ALIAS));
        }
    }
}
