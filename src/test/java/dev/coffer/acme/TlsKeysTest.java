package dev.coffer.acme;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coffer.crypto.PrivateKeys;
import dev.coffer.crypto.TlsaDigest;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
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

    @Test
    void aRotationCutAfterTheCertificateIsFinishedFromTheNextKey() throws Exception {
        TlsKeys keys = TlsKeys.in(data, "tls/key.pem");
        String oldCurrent = digest(keys.current());
        KeyPair next = keys.next();
        Path certificate = data.resolve("tls/cert.pem");
        CertificateFiles.write(certificate, List.of(selfSigned(next)));

        assertThat(keys.completeInterruptedRotation(certificate)).isTrue();

        assertThat(digest(keys.current())).isEqualTo(digest(next));
        assertThat(digest(keys.next())).isNotIn(digest(next), oldCurrent);
    }

    @Test
    void aRotationCutBeforeTheNewNextKeyGetsOne() throws Exception {
        TlsKeys keys = TlsKeys.in(data, "tls/key.pem");
        KeyPair current = keys.current();
        PrivateKeys.write(keys.nextFile(), current.getPrivate());
        Path certificate = data.resolve("tls/cert.pem");
        CertificateFiles.write(certificate, List.of(selfSigned(current)));

        assertThat(keys.completeInterruptedRotation(certificate)).isTrue();

        assertThat(digest(keys.current())).isEqualTo(digest(current));
        assertThat(digest(keys.next())).isNotEqualTo(digest(current));
    }

    @Test
    void keysThatMatchTheCertificateAreLeftAlone() throws Exception {
        TlsKeys keys = TlsKeys.in(data, "tls/key.pem");
        KeyPair current = keys.current();
        String next = digest(keys.next());
        Path certificate = data.resolve("tls/cert.pem");
        CertificateFiles.write(certificate, List.of(selfSigned(current)));

        assertThat(keys.completeInterruptedRotation(certificate)).isFalse();

        assertThat(digest(keys.current())).isEqualTo(digest(current));
        assertThat(digest(keys.next())).isEqualTo(next);
    }

    private static X509Certificate selfSigned(KeyPair pair) throws Exception {
        X500Name name = new X500Name("CN=mail.coffer.test");
        Instant now = Instant.now();
        var builder = new JcaX509v3CertificateBuilder(name, BigInteger.ONE, Date.from(now),
                Date.from(now.plusSeconds(86_400)), name, pair.getPublic());
        return new JcaX509CertificateConverter().getCertificate(
                builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate())));
    }

    private static String digest(KeyPair pair) {
        return TlsaDigest.of(pair.getPublic());
    }
}
