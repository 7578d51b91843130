package dev.coffer.crypto;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
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
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;

/**
 * The public keys DANE records pin (RFC 6698 §2.1.2 selector 1): the one in the served certificate,
 * and the one belonging to a private key kept for the next certificate, which has no certificate yet.
 */
public final class TlsPublicKeys {

    private TlsPublicKeys() {}

    /** The public key of the first (leaf) certificate of a PEM chain. */
    public static PublicKey ofCertificate(Path chainPem) throws IOException {
        try (InputStream in = Files.newInputStream(chainPem)) {
            var certificates = CertificateFactory.getInstance("X.509").generateCertificates(in);
            if (certificates.isEmpty()) {
                throw new IOException("no certificate found in " + chainPem);
            }
            return ((X509Certificate) certificates.iterator().next()).getPublicKey();
        } catch (CertificateException e) {
            throw new IOException("cannot read the certificate " + chainPem + ": " + e.getMessage(), e);
        }
    }

    /** The public half of a PEM private key (PKCS#8, or a traditional key pair): EC, RSA, Ed25519 or Ed448. */
    public static PublicKey ofPrivateKey(Path keyPem) throws IOException {
        try (Reader reader = Files.newBufferedReader(keyPem); PEMParser parser = new PEMParser(reader)) {
            Object object = parser.readObject();
            JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
            return switch (object) {
                case PEMKeyPair pair -> converter.getPublicKey(pair.getPublicKeyInfo());
                case PrivateKeyInfo info -> converter.getPublicKey(publicKeyInfo(info, keyPem));
                case null -> throw new IOException("no private key found in " + keyPem);
                default -> throw new IOException("unsupported private key format in " + keyPem);
            };
        }
    }

    private static SubjectPublicKeyInfo publicKeyInfo(PrivateKeyInfo info, Path keyPem) throws IOException {
        AsymmetricKeyParameter key = PrivateKeyFactory.createKey(info);
        AsymmetricKeyParameter publicKey = switch (key) {
            case ECPrivateKeyParameters ec -> new ECPublicKeyParameters(
                    new FixedPointCombMultiplier().multiply(ec.getParameters().getG(), ec.getD()).normalize(),
                    ec.getParameters());
            case RSAPrivateCrtKeyParameters rsa -> new RSAKeyParameters(false, rsa.getModulus(), rsa.getPublicExponent());
            case Ed25519PrivateKeyParameters ed -> ed.generatePublicKey();
            case Ed448PrivateKeyParameters ed -> ed.generatePublicKey();
            default -> throw new IOException("cannot derive the public key of " + keyPem
                    + " (" + key.getClass().getSimpleName() + "); use an EC, RSA or Ed25519 key");
        };
        return SubjectPublicKeyInfoFactory.createSubjectPublicKeyInfo(publicKey);
    }
}
