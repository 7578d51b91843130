package dev.coffer.mailauth.dkim;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.EdECPrivateKey;
import java.security.interfaces.EdECPublicKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPrivateCrtKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.util.Base64;
import org.bouncycastle.asn1.edec.EdECObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;

/**
 * DKIM key handling for operators: make a key pair, keep the private key as PKCS#8 PEM,
 * and publish the public key as the TXT record value (RFC 6376 §3.6.1, RFC 8463 §4.2).
 */
public final class DkimKeys {

    /** RFC 8301 §3.2: signers SHOULD use RSA keys of at least 2048 bits. */
    public static final int RSA_BITS = 2048;

    private static final String PEM_BEGIN = "-----BEGIN PRIVATE KEY-----";
    private static final String PEM_END = "-----END PRIVATE KEY-----";
    private static final String PKCS1_BEGIN = "-----BEGIN RSA PRIVATE KEY-----";
    private static final String PKCS1_END = "-----END RSA PRIVATE KEY-----";

    private DkimKeys() {}

    public static KeyPair generateEd25519() {
        try {
            return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the Java runtime lacks Ed25519", e);
        }
    }

    public static KeyPair generateRsa() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(RSA_BITS);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the Java runtime lacks RSA", e);
        }
    }

    /** The private key as PKCS#8 PEM ({@code BEGIN PRIVATE KEY}), lines of 64 characters. */
    public static String toPem(PrivateKey key) {
        String base64 = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(key.getEncoded());
        return PEM_BEGIN + "\n" + base64 + "\n" + PEM_END + "\n";
    }

    /**
     * Reads an Ed25519 or RSA private key from PKCS#8 PEM; PKCS#1 ({@code BEGIN RSA PRIVATE
     * KEY}, what older tools and RFC 8463 Appendix A write) is accepted for RSA.
     *
     * @throws IllegalArgumentException with what is wrong, if it is not such a key
     */
    public static PrivateKey fromPem(String pem) {
        try {
            if (pem.contains(PKCS1_BEGIN)) {
                var rsa = org.bouncycastle.asn1.pkcs.RSAPrivateKey.getInstance(der(pem, PKCS1_BEGIN, PKCS1_END));
                return KeyFactory.getInstance("RSA").generatePrivate(new RSAPrivateCrtKeySpec(
                        rsa.getModulus(), rsa.getPublicExponent(), rsa.getPrivateExponent(), rsa.getPrime1(),
                        rsa.getPrime2(), rsa.getExponent1(), rsa.getExponent2(), rsa.getCoefficient()));
            }
            byte[] der = der(pem, PEM_BEGIN, PEM_END);
            var oid = PrivateKeyInfo.getInstance(der).getPrivateKeyAlgorithm().getAlgorithm();
            if (oid.equals(PKCSObjectIdentifiers.rsaEncryption)) {
                return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der));
            }
            if (oid.equals(EdECObjectIdentifiers.id_Ed25519)) {
                return KeyFactory.getInstance("Ed25519").generatePrivate(new PKCS8EncodedKeySpec(der));
            }
            throw new IllegalArgumentException("the PEM holds a key of type " + oid
                    + "; DKIM keys are Ed25519 or RSA");
        } catch (GeneralSecurityException | IllegalStateException e) {
            // BC's ASN.1 parsers signal malformed input with IllegalArgumentException/IllegalStateException
            throw new IllegalArgumentException("the PEM does not hold a readable private key: " + e.getMessage(), e);
        }
    }

    /** The public half of an Ed25519 or RSA private key. */
    public static PublicKey publicKey(PrivateKey key) {
        try {
            if (key instanceof RSAPrivateCrtKey rsa) {
                return KeyFactory.getInstance("RSA")
                        .generatePublic(new RSAPublicKeySpec(rsa.getModulus(), rsa.getPublicExponent()));
            }
            if (key instanceof EdECPrivateKey ed && ed.getBytes().isPresent()) {
                byte[] raw = new Ed25519PrivateKeyParameters(ed.getBytes().get(), 0).generatePublicKey().getEncoded();
                return DkimKeyRecord.ed25519Key(raw);
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot derive the public key: " + e.getMessage(), e);
        }
        throw new IllegalArgumentException("cannot derive a DKIM public key from a " + key.getAlgorithm() + " key");
    }

    /**
     * The TXT record value for {@code selector._domainkey.domain}: for Ed25519 the raw
     * 32-octet key (RFC 8463 §4.2, not a SubjectPublicKeyInfo), for RSA the DER
     * SubjectPublicKeyInfo, as every verifier reads it.
     */
    public static String dnsRecord(PublicKey key) {
        Base64.Encoder b64 = Base64.getEncoder();
        if (key instanceof EdECPublicKey) {
            return "v=DKIM1; k=ed25519; p=" + b64.encodeToString(DkimKeyRecord.rawEd25519(key));
        }
        if (key instanceof RSAPublicKey) {
            return "v=DKIM1; k=rsa; p=" + b64.encodeToString(key.getEncoded());
        }
        throw new IllegalArgumentException("DKIM keys are Ed25519 or RSA, not " + key.getAlgorithm());
    }

    /** The TXT record value for the public half of {@code key}. */
    public static String dnsRecord(PrivateKey key) {
        return dnsRecord(publicKey(key));
    }

    private static byte[] der(String pem, String begin, String end) {
        int from = pem.indexOf(begin);
        int to = pem.indexOf(end);
        if (from < 0 || to < from) {
            throw new IllegalArgumentException("the PEM has no \"" + begin + "\" … \"" + end + "\" block");
        }
        return Base64.getMimeDecoder().decode(pem.substring(from + begin.length(), to));
    }
}
