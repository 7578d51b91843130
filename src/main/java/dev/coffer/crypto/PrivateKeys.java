package dev.coffer.crypto;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.util.Arrays;
import org.bouncycastle.jcajce.provider.asymmetric.util.EC5Util;
import org.bouncycastle.jce.spec.ECParameterSpec;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;

/** TLS private keys: made fresh (ECDSA P-256), written as PEM PKCS#8, paired with their public half. */
public final class PrivateKeys {

    private static final SecureRandom RANDOM = new SecureRandom();

    private PrivateKeys() {}

    /** A new ECDSA P-256 key pair: P-256 keeps old clients working under the AEAD-only suites. */
    public static KeyPair generate() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK cannot make P-256 keys", e);
        }
    }

    /** The public key that belongs to an EC or RSA (CRT) private key. */
    public static PublicKey publicKeyOf(PrivateKey key) throws IOException {
        try {
            return switch (key) {
                case ECPrivateKey ec -> {
                    ECParameterSpec params = EC5Util.convertSpec(ec.getParams());
                    var q = params.getG().multiply(ec.getS()).normalize();
                    yield KeyFactory.getInstance("EC")
                            .generatePublic(new ECPublicKeySpec(EC5Util.convertPoint(q), ec.getParams()));
                }
                case RSAPrivateCrtKey rsa -> KeyFactory.getInstance("RSA")
                        .generatePublic(new RSAPublicKeySpec(rsa.getModulus(), rsa.getPublicExponent()));
                default -> throw new IOException("unsupported private key type " + key.getAlgorithm()
                        + ": use an EC or RSA key");
            };
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot derive the public key: " + e.getMessage(), e);
        }
    }

    public static KeyPair pairOf(PrivateKey key) throws IOException {
        return new KeyPair(publicKeyOf(key), key);
    }

    /** Whether {@code key} is the private half of {@code publicKey}. */
    public static boolean matches(PrivateKey key, PublicKey publicKey) throws IOException {
        return Arrays.equals(publicKeyOf(key).getEncoded(), publicKey.getEncoded());
    }

    public static KeyPair read(Path pem) throws IOException {
        return pairOf(ServerTls.readPrivateKey(pem));
    }

    /**
     * Writes the key as PEM PKCS#8, readable by its owner only, replacing {@code path} atomically:
     * a reader sees the old key or the new one, never half of one.
     */
    public static void write(Path path, PrivateKey key) throws IOException {
        Files.createDirectories(path.toAbsolutePath().getParent());
        Path temporary = path.resolveSibling(path.getFileName() + ".tmp");
        Files.deleteIfExists(temporary);
        try {
            Files.createFile(temporary,
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            Files.createFile(temporary);
        }
        Files.writeString(temporary, pkcs8(key), StandardCharsets.US_ASCII, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.SYNC);
        Files.move(temporary, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    private static String pkcs8(PrivateKey key) throws IOException {
        StringWriter text = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
            writer.writeObject(new JcaPKCS8Generator(key, null).generate());
        }
        return text.toString();
    }
}
