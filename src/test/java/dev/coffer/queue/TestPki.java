package dev.coffer.queue;

import dev.coffer.crypto.ServerTls;
import java.io.IOException;
import java.io.Writer;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** A throwaway CA and the certificates it issues, for TLS peers in tests. */
final class TestPki {

    private static final AtomicLong SERIAL = new AtomicLong(System.currentTimeMillis());

    /** A leaf certificate with its chain (leaf first) and key, as PEM files a {@link ServerTls} loads. */
    record Issued(X509Certificate leaf, X509Certificate issuer, Path chainPem, Path keyPem) {
        ServerTls serverTls() throws IOException {
            return ServerTls.load(chainPem, keyPem);
        }
    }

    final X509Certificate ca;
    private final KeyPair caKeys;
    private final Path directory;

    private TestPki(Path directory, X509Certificate ca, KeyPair caKeys) {
        this.directory = directory;
        this.ca = ca;
        this.caKeys = caKeys;
    }

    static TestPki create(Path directory, String caName) throws Exception {
        KeyPair keys = keys();
        X500Name name = new X500Name("CN=" + caName);
        X509Certificate ca = sign(new JcaX509v3CertificateBuilder(name, serial(), notBefore(), notAfter(), name, keys.getPublic())
                .addExtension(Extension.basicConstraints, true, new BasicConstraints(true))
                .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign)), keys);
        return new TestPki(directory, ca, keys);
    }

    /** A leaf for {@code host}, issued by this CA, valid from {@code from} to {@code to}. */
    Issued issue(String host, Instant from, Instant to) throws Exception {
        KeyPair keys = keys();
        X509Certificate leaf = sign(new JcaX509v3CertificateBuilder(new X500Name(ca.getSubjectX500Principal().getName()),
                serial(), Date.from(from), Date.from(to), new X500Name("CN=" + host), keys.getPublic())
                .addExtension(Extension.subjectAlternativeName, false,
                        new GeneralNames(new GeneralName(GeneralName.dNSName, host)))
                .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature)), caKeys);
        String stem = host + "-" + SERIAL.incrementAndGet();
        Path chain = directory.resolve(stem + ".chain.pem");
        Path key = directory.resolve(stem + ".key.pem");
        writePem(chain, leaf, ca);
        writePem(key, new JcaPKCS8Generator(keys.getPrivate(), null).generate());
        return new Issued(leaf, ca, chain, key);
    }

    Issued issue(String host) throws Exception {
        return issue(host, Instant.now().minus(Duration.ofHours(1)), Instant.now().plus(Duration.ofDays(30)));
    }

    static byte[] sha256(byte[] data) throws Exception {
        return MessageDigest.getInstance("SHA-256").digest(data);
    }

    private static KeyPair keys() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        return generator.generateKeyPair();
    }

    private static X509Certificate sign(org.bouncycastle.cert.X509v3CertificateBuilder builder, KeyPair signer) throws Exception {
        return new JcaX509CertificateConverter()
                .getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(signer.getPrivate())));
    }

    private static BigInteger serial() {
        return BigInteger.valueOf(SERIAL.incrementAndGet());
    }

    private static Date notBefore() {
        return Date.from(Instant.now().minus(Duration.ofDays(1)));
    }

    private static Date notAfter() {
        return Date.from(Instant.now().plus(Duration.ofDays(365)));
    }

    private static void writePem(Path path, Object... objects) throws IOException {
        try (Writer writer = Files.newBufferedWriter(path); JcaPEMWriter pem = new JcaPEMWriter(writer)) {
            for (Object object : objects) {
                pem.writeObject(object);
            }
        }
    }
}
