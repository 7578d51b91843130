package dev.coffer.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coffer.testing.ExternalProgram;
import dev.coffer.testing.ExternalProgram.Result;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** What we write must be what GnuPG 2.2 (Debian 12, Ubuntu 22.04/24.04) reads. */
class GnupgInteropTest {

    private static final char[] KEY_PASSPHRASE = "stored-under-keyKey".toCharArray();
    private static Path home;

    @BeforeAll
    static void startGnupg() throws IOException {
        boolean available = gpgAvailable();
        if (!available) {
            System.out.println("GnupgInteropTest skipped: no gpg on PATH (apt-get install gnupg)");
        }
        Assumptions.assumeTrue(available, "gpg is not installed");
        // a short path: gpg-agent's socket path must fit in sockaddr_un
        home = Files.createTempDirectory(Path.of("/tmp"), "gpg");
        Files.setPosixFilePermissions(home, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
    }

    @AfterAll
    static void stopGnupg() throws IOException {
        if (home == null) {
            return;
        }
        run(List.of("gpgconf", "--kill", "gpg-agent"), null);
        try (Stream<Path> paths = Files.walk(home)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }

    @Test
    void gnupgImportsThePublicKeyWithItsUserIds() throws IOException {
        AccountKeyPair pair = AccountKeys.generate(List.of("alice@example.org", "alias@example.org"), KEY_PASSPHRASE);
        Result imported = gpg(pair.publicKeyArmored().getBytes(StandardCharsets.US_ASCII), "--import");
        assertThat(imported.exitCode()).as(imported.stderr()).isZero();
        Result listed = gpg(null, "--with-colons", "--list-keys", pair.fingerprint());
        assertThat(listed.exitCode()).as(listed.stderr()).isZero();
        assertThat(listed.stdout())
                .containsPattern("(?m)^pub:[^:]*:255:22:.*:scESC:.*:ed25519:")   // EdDSA (legacy), certify+sign
                .containsPattern("(?m)^sub:[^:]*:255:18:.*:e:.*:cv25519:")       // ECDH, encrypt
                .containsPattern("(?m)^uid:.*::<alice@example.org>:")
                .containsPattern("(?m)^uid:.*::<alias@example.org>:")
                .contains("fpr:::::::::" + pair.fingerprint() + ":");
    }

    @Test
    void gnupgDecryptsStoredMessagesWithTheExportedSecretKey() throws IOException {
        AccountKeyPair pair = AccountKeys.generate(List.of("bob@example.org"), KEY_PASSPHRASE);
        String exported = AccountKeys.reprotect(pair.secretKeyArmored(), KEY_PASSPHRASE, "export-pass".toCharArray());
        Result imported = gpg(exported.getBytes(StandardCharsets.US_ASCII),
                "--pinentry-mode", "loopback", "--passphrase", "export-pass", "--import");
        assertThat(imported.exitCode()).as(imported.stderr()).isZero();
        assertThat(imported.stderr()).contains("secret keys imported: 1");

        byte[] original = ("From: carol@example.net\r\nTo: bob@example.org\r\nSubject: Grüße\r\n"
                + "Content-Type: text/plain; charset=utf-8\r\n\r\nThe body, with ümlauts.\r\n").getBytes(StandardCharsets.UTF_8);
        byte[] stored = new MessageEncryption().encryptForStorage(original, pair.publicKeyArmored());
        String armored = PgpMime.armoredPart(stored);
        Result decrypted = gpg(armored.getBytes(StandardCharsets.US_ASCII),
                "--verbose", "--pinentry-mode", "loopback", "--passphrase", "export-pass", "--decrypt");
        assertThat(decrypted.exitCode()).as(decrypted.stderr()).isZero();
        assertThat(decrypted.stdoutBytes()).isEqualTo(HeaderProtection.protect(original));
        String cleartext = new String(decrypted.stdoutBytes(), StandardCharsets.UTF_8);
        assertThat(cleartext).contains("The body, with ümlauts.", "hp=\"cipher\"", "Subject: Grüße");
        assertThat(decrypted.stderr()).contains("AES256").doesNotContain("WARNING: message was not integrity protected");
        assertThat(HeaderProtection.unprotect(decrypted.stdoutBytes())).isEqualTo(original);
    }

    /**
     * GnuPG 2.2 finds the end of an armored block whose base64 ends without padding only by its
     * CRC line: messages of every length modulo 3, and keys, must read back.
     */
    @Test
    void gnupgReadsArmorOfEveryLengthModuloThree() throws IOException {
        AccountKeyPair pair = AccountKeys.generate(List.of("dave@example.org"), KEY_PASSPHRASE);
        String exported = AccountKeys.reprotect(pair.secretKeyArmored(), KEY_PASSPHRASE, "export-pass".toCharArray());
        Result imported = gpg(exported.getBytes(StandardCharsets.US_ASCII),
                "--pinentry-mode", "loopback", "--passphrase", "export-pass", "--import");
        assertThat(imported.exitCode()).as(imported.stderr()).isZero();
        for (int padding = 0; padding < 3; padding++) {
            byte[] original = ("From: carol@example.net\r\nTo: dave@example.org\r\n\r\nbody"
                    + ".".repeat(padding) + "\r\n").getBytes(StandardCharsets.UTF_8);
            String armored = PgpMime.armoredPart(new MessageEncryption().encryptForStorage(original,
                    pair.publicKeyArmored()));
            Result decrypted = gpg(armored.getBytes(StandardCharsets.US_ASCII),
                    "--pinentry-mode", "loopback", "--passphrase", "export-pass", "--decrypt");
            assertThat(decrypted.exitCode()).as("%d dots: %s", padding, decrypted.stderr()).isZero();
            assertThat(decrypted.stderr()).doesNotContain("invalid radix64");
            assertThat(HeaderProtection.unprotect(decrypted.stdoutBytes())).isEqualTo(original);
        }
    }

    private static Result gpg(byte[] input, String... arguments) throws IOException {
        List<String> command = new ArrayList<>(List.of("gpg", "--homedir", home.toString(), "--batch", "--no-tty"));
        command.addAll(List.of(arguments));
        return run(command, input);
    }

    private static Result run(List<String> command, byte[] input) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command);
        if (home != null) {
            builder.environment().put("GNUPGHOME", home.toString());
        }
        return ExternalProgram.run(builder, input, Duration.ofSeconds(60));
    }

    private static boolean gpgAvailable() {
        return ExternalProgram.succeeds("gpg", "--version");
    }
}
