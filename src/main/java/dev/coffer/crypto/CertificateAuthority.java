package dev.coffer.crypto;

import java.io.IOException;
import java.io.StringWriter;
import java.io.Writer;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.util.io.pem.PemGenerationException;

/**
 * A private certificate authority for {@code coffer demo}: one ECDSA P-256 CA and one server
 * certificate issued by it, so that TLS works on first start and clients can trust {@code ca.pem}.
 */
public final class CertificateAuthority {

    /** CA/Browser Forum Baseline Requirements §6.3.2 (before 2026): at most 398 days; 397 to be safe. */
    static final Duration LEAF_VALIDITY = Duration.ofDays(397);
    static final Duration CA_VALIDITY = Duration.ofDays(3653);

    private static final String SIGNATURE_ALGORITHM = "SHA256withECDSA";
    private static final SecureRandom RANDOM = new SecureRandom();

    private CertificateAuthority() {
    }

    /**
     * Writes {@code ca.pem}, {@code ca-key.pem} (0600), {@code tls/cert.pem} (leaf, then CA) and
     * {@code tls/key.pem} (PKCS#8, 0600) under {@code dataDir}. Does nothing when they all exist.
     *
     * @param dnsNames host names for the server certificate; 127.0.0.1 and ::1 are always added
     */
    public static void createDemo(Path dataDir, List<String> dnsNames) throws IOException {
        if (dnsNames == null || dnsNames.isEmpty()) {
            throw new IllegalArgumentException("the demo certificate needs at least one DNS name");
        }
        Path caCertificate = dataDir.resolve("ca.pem");
        Path caKey = dataDir.resolve("ca-key.pem");
        Path tls = dataDir.resolve("tls");
        Path leafChain = tls.resolve("cert.pem");
        Path leafKey = tls.resolve("key.pem");
        List<Path> all = List.of(caCertificate, caKey, leafChain, leafKey);
        if (all.stream().allMatch(Files::exists)) {
            return;
        }
        List<Path> present = all.stream().filter(Files::exists).toList();
        if (!present.isEmpty()) {
            throw new FileAlreadyExistsException(present.getFirst().toString(), null,
                    "some demo TLS files exist and others do not; move " + present + " away to create a fresh set");
        }
        Files.createDirectories(tls);
        try {
            Instant now = Instant.now();
            KeyPair ca = newKeyPair();
            byte[] id = new byte[4];
            RANDOM.nextBytes(id);
            X500Name caName = new X500Name("CN=Coffer demo CA " + HexFormat.of().formatHex(id) + ", O=Coffer");
            X509Certificate caCert = caCertificate(ca, caName, now);
            KeyPair leaf = newKeyPair();
            X509Certificate leafCert = leafCertificate(leaf, dnsNames, ca.getPrivate(), caCert, caName, now);

            writePrivate(caKey, pkcs8(ca.getPrivate()));
            writePrivate(leafKey, pkcs8(leaf.getPrivate()));
            Files.writeString(leafChain, pem(leafCert) + pem(caCert), StandardCharsets.US_ASCII, StandardOpenOption.CREATE_NEW);
            Files.writeString(caCertificate, pem(caCert), StandardCharsets.US_ASCII, StandardOpenOption.CREATE_NEW);
        } catch (GeneralSecurityException | OperatorCreationException e) {
            throw new IOException("cannot create the demo certificate authority: " + e.getMessage(), e);
        }
    }

    private static X509Certificate caCertificate(KeyPair ca, X500Name name, Instant now)
            throws GeneralSecurityException, OperatorCreationException, CertIOException {
        JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name, serial(),
                Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(CA_VALIDITY)), name, ca.getPublic())
                // RFC 5280 §4.2.1.9 and §4.2.1.3: a CA certificate, used only to sign certificates and CRLs
                .addExtension(Extension.basicConstraints, true, new BasicConstraints(0))
                .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
                .addExtension(Extension.subjectKeyIdentifier, false, extensions.createSubjectKeyIdentifier(ca.getPublic()));
        return sign(builder, ca.getPrivate());
    }

    private static X509Certificate leafCertificate(KeyPair leaf, List<String> dnsNames, PrivateKey caKey,
                                                   X509Certificate caCert, X500Name caName, Instant now)
            throws GeneralSecurityException, OperatorCreationException, IOException {
        List<GeneralName> names = new ArrayList<>();
        for (String dnsName : dnsNames) {
            names.add(new GeneralName(GeneralName.dNSName, dnsName));
        }
        names.add(new GeneralName(GeneralName.iPAddress, "127.0.0.1"));
        names.add(new GeneralName(GeneralName.iPAddress, "::1"));
        JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(caName, serial(),
                Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(LEAF_VALIDITY)),
                new X500Name("CN=" + dnsNames.getFirst()), leaf.getPublic())
                .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                // RFC 5280 §4.2.1.3: ECDHE-ECDSA needs only digitalSignature
                .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
                // RFC 5280 §4.2.1.12: TLS server authentication
                .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth))
                // RFC 6125 §6.4: clients match host names against the subjectAltName only
                .addExtension(Extension.subjectAlternativeName, false, new GeneralNames(names.toArray(GeneralName[]::new)))
                .addExtension(Extension.subjectKeyIdentifier, false, extensions.createSubjectKeyIdentifier(leaf.getPublic()))
                .addExtension(Extension.authorityKeyIdentifier, false, extensions.createAuthorityKeyIdentifier(caCert));
        return sign(builder, caKey);
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey signer)
            throws GeneralSecurityException, OperatorCreationException {
        ContentSigner contentSigner = new JcaContentSignerBuilder(SIGNATURE_ALGORITHM).build(signer);
        return new JcaX509CertificateConverter().getCertificate(builder.build(contentSigner));
    }

    private static KeyPair newKeyPair() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
        return generator.generateKeyPair();
    }

    // RFC 5280 §4.1.2.2: positive, unique, at most 20 octets; CA/B BR §7.1: at least 64 random bits
    private static BigInteger serial() {
        return new BigInteger(127, RANDOM).add(BigInteger.ONE);
    }

    private static String pem(Object object) throws IOException {
        StringWriter text = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
            writer.writeObject(object);
        }
        return text.toString();
    }

    private static String pkcs8(PrivateKey key) throws IOException {
        try {
            return pem(new JcaPKCS8Generator(key, null).generate());
        } catch (PemGenerationException e) {
            throw new IOException("cannot encode the private key as PKCS#8: " + e.getMessage(), e);
        }
    }

    /** Creates the file readable by its owner only before any key byte is written into it. */
    private static void writePrivate(Path path, String pem) throws IOException {
        try {
            Files.createFile(path, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            Files.createFile(path);
        }
        try (Writer writer = Files.newBufferedWriter(path, StandardCharsets.US_ASCII, StandardOpenOption.TRUNCATE_EXISTING)) {
            writer.write(pem);
        }
    }
}
