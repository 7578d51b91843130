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
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.util.Arrays;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.Ed448PrivateKeyParameters;
import org.bouncycastle.crypto.params.RSAKeyParameters;
import org.bouncycastle.crypto.params.RSAPrivateCrtKeyParameters;
import org.bouncycastle.crypto.util.PrivateKeyFactory;
import org.bouncycastle.crypto.util.SubjectPublicKeyInfoFactory;
import org.bouncycastle.math.ec.FixedPointCombMultiplier;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
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

    /** The public key that belongs to a private key: EC, RSA (CRT), Ed25519 or Ed448. */
    public static PublicKey publicKeyOf(PrivateKey key) throws IOException {
        AsymmetricKeyParameter privateKey = PrivateKeyFactory.createKey(key.getEncoded());
        AsymmetricKeyParameter publicKey = switch (privateKey) {
            case ECPrivateKeyParameters ec -> new ECPublicKeyParameters(
                    new FixedPointCombMultiplier().multiply(ec.getParameters().getG(), ec.getD()).normalize(),
                    ec.getParameters());
            case RSAPrivateCrtKeyParameters rsa -> new RSAKeyParameters(false, rsa.getModulus(), rsa.getPublicExponent());
            case Ed25519PrivateKeyParameters ed -> ed.generatePublicKey();
            case Ed448PrivateKeyParameters ed -> ed.generatePublicKey();
            default -> throw new IOException("unsupported private key type " + key.getAlgorithm()
                    + ": use an EC, RSA or Ed25519 key");
        };
        return new JcaPEMKeyConverter().getPublicKey(SubjectPublicKeyInfoFactory.createSubjectPublicKeyInfo(publicKey));
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
