package dev.coffer.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coffer.testing.ExternalProgram;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** TLSA "3 1 1" digests agree with {@code openssl pkey -pubout -outform DER | sha256sum}. */
class TlsPublicKeysTest {

    @TempDir
    Path dir;

    private static String shell(String command) throws Exception {
        ExternalProgram.Result result = ExternalProgram.run(List.of("sh", "-c", command), null, Duration.ofSeconds(60));
        assertThat(result.exitCode()).as(result.stderr()).isZero();
        return result.stdout();
    }

    @ParameterizedTest
    @ValueSource(strings = {"-algorithm EC -pkeyopt ec_paramgen_curve:P-256", "-algorithm EC -pkeyopt ec_paramgen_curve:P-384",
            "-algorithm RSA -pkeyopt rsa_keygen_bits:2048", "-algorithm ED25519"})
    void thePublicKeyOfANextKeyFileHasTheDigestOpensslComputes(String algorithm) throws Exception {
        Path key = dir.resolve("next-key.pem");
        shell("openssl genpkey " + algorithm + " -out " + key);

        String openssl = shell("openssl pkey -in " + key + " -pubout -outform DER | sha256sum").substring(0, 64);

        assertThat(TlsaDigest.of(TlsPublicKeys.ofPrivateKey(key))).isEqualTo(openssl);
    }

    @Test
    void theCertificatesKeyHasTheDigestOfOpensslsX509PubkeyPipeline() throws Exception {
        Path key = dir.resolve("key.pem");
        Path certificate = dir.resolve("cert.pem");
        shell("openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj /CN=mx.example.org"
                + " -days 2 -keyout " + key + " -out " + certificate);

        String openssl = shell("openssl x509 -in " + certificate + " -pubkey -noout"
                + " | openssl pkey -pubin -outform DER | sha256sum").substring(0, 64);

        assertThat(TlsaDigest.of(TlsPublicKeys.ofCertificate(certificate))).isEqualTo(openssl);
        assertThat(TlsaDigest.of(TlsPublicKeys.ofPrivateKey(key))).isEqualTo(openssl);
    }
}
