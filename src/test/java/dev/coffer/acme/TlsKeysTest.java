package dev.coffer.acme;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coffer.crypto.TlsaDigest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TlsKeysTest {

    @TempDir
    Path data;

    @Test
    void keepsTheSameKeysFromOneReadToTheNext() throws Exception {
        TlsKeys keys = TlsKeys.in(data, "tls/key.pem");
        KeyPair current = keys.current();
        KeyPair next = keys.next();

        assertThat(digest(keys.current())).isEqualTo(digest(current));
        assertThat(digest(TlsKeys.in(data, "tls/key.pem").next())).isEqualTo(digest(next));
        assertThat(digest(next)).isNotEqualTo(digest(current));
    }

    @Test
    void writesTheNextKeyAsPkcs8ReadableByItsOwnerOnly() throws Exception {
        TlsKeys.in(data, "tls/key.pem").next();
        Path file = data.resolve("tls/next-key.pem");

        assertThat(Files.readString(file)).startsWith("-----BEGIN PRIVATE KEY-----");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    }

    @Test
    void rotationMakesTheNextKeyCurrentAndANewNextKey() throws Exception {
        TlsKeys keys = TlsKeys.in(data, "tls/key.pem");
        String oldCurrent = digest(keys.current());
        String published = digest(keys.next());

        KeyPair promoted = keys.rotate();

        assertThat(digest(promoted)).isEqualTo(published);
        assertThat(digest(keys.current())).isEqualTo(published);
        assertThat(digest(keys.next())).isNotIn(published, oldCurrent);
    }

    private static String digest(KeyPair pair) {
        return TlsaDigest.of(pair.getPublic());
    }
}
