package dev.coffer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coffer.crypto.PrivateKeys;
import dev.coffer.crypto.TlsaDigest;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CertCommandTest {

    @TempDir
    Path dir;

    private InProcessCli cli;

    @BeforeEach
    void init() {
        cli = new InProcessCli(dir);
        assertThat(cli.run("", "init", "--hostname", "mail.example.org")).isZero();
    }

    @AfterEach
    void restore() {
        cli.close();
    }

    @Test
    void statusShowsTheNamesAndTheTlsaDigestsOfTheCurrentAndTheNextKey() throws Exception {
        assertThat(cli.run("", "cert", "status")).isZero();

        String current = TlsaDigest.of(PrivateKeys.read(dir.resolve("tls/key.pem")).getPublic());
        String next = TlsaDigest.of(PrivateKeys.read(dir.resolve("tls/next-key.pem")).getPublic());
        assertThat(cli.stdout())
                .contains("names        mail.example.org")
                .contains("current key  3 1 1 " + current)
                .contains("next key     3 1 1 " + next)
                .contains("renewal      off");
    }

    @Test
    void renewalNeedsAcmeTurnedOn() {
        assertThat(cli.run("", "cert", "renew")).isEqualTo(1);
        assertThat(cli.stderr()).contains("ACME is off");
    }

    @Test
    void rotationIsLeftForTheRunningServer() throws Exception {
        Path config = dir.resolve("coffer.toml");
        Files.writeString(config, Files.readString(config).replace("enabled = false", "enabled = true"));

        assertThat(cli.run("", "cert", "rotate-key")).isZero();

        assertThat(dir.resolve("acme/rotate-key-requested")).exists();
        assertThat(cli.run("", "cert", "status")).isZero();
        assertThat(cli.stdout()).contains("requested    rotate-key");
    }
}
