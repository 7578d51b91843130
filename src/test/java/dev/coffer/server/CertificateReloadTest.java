package dev.coffer.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coffer.crypto.CertificateAuthority;
import dev.coffer.crypto.CertifiedKey;
import dev.coffer.crypto.ServerTls;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CertificateReloadTest {

    @TempDir
    Path directory;

    private Path certificate;
    private Path key;
    private ServerTls tls;
    private CertificateReload reload;

    @BeforeEach
    void serve() throws Exception {
        CertificateAuthority.createDemo(directory.resolve("served"), List.of("mail.example.org"));
        certificate = directory.resolve("served/tls/cert.pem");
        key = directory.resolve("served/tls/key.pem");
        tls = ServerTls.load(certificate, key);
        reload = new CertificateReload(tls, certificate, key);
    }

    @Test
    void servesFilesReplacedOnDisk() throws Exception {
        CertifiedKey replacement = install("other");

        reload.run();

        assertThat(tls.current()).isEqualTo(replacement);
    }

    @Test
    void keepsServingTheOldPairWhenTheNewKeyDoesNotMatch() throws Exception {
        CertifiedKey served = tls.current();
        CertificateAuthority.createDemo(directory.resolve("other"), List.of("mail.example.org"));
        replace(directory.resolve("other/tls/cert.pem"), certificate);

        reload.run();

        assertThat(tls.current()).isEqualTo(served);
    }

    private CertifiedKey install(String name) throws Exception {
        CertificateAuthority.createDemo(directory.resolve(name), List.of("mail.example.org"));
        replace(directory.resolve(name + "/tls/cert.pem"), certificate);
        replace(directory.resolve(name + "/tls/key.pem"), key);
        return ServerTls.read(certificate, key);
    }

    /** Copies with a later modification time, as a new file from an installer would have. */
    private static void replace(Path from, Path to) throws Exception {
        Files.copy(from, to, StandardCopyOption.REPLACE_EXISTING);
        Files.setLastModifiedTime(to, FileTime.from(Instant.now().plusSeconds(5)));
    }
}
