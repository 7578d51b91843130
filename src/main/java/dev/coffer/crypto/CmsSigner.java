package dev.coffer.crypto;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.function.Supplier;
import org.bouncycastle.cert.jcajce.JcaCertStore;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSSignedDataGenerator;
import org.bouncycastle.cms.jcajce.JcaSignerInfoGeneratorBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;

/**
 * Signs bytes as CMS SignedData (RFC 5652 §5) with the content inside, by a certificate's key,
 * carrying the certificate chain so a verifier needs only its trust anchor.
 */
public final class CmsSigner {

    private final Supplier<CertifiedKey> signer;

    /** @param signer the key and chain to sign with, asked at each signature (a renewed certificate counts at once) */
    public CmsSigner(Supplier<CertifiedKey> signer) {
        this.signer = signer;
    }

    /** Signs with the certificate the TLS listeners serve now. */
    public static CmsSigner of(ServerTls tls) {
        return new CmsSigner(tls::current);
    }

    /** DER-encoded SignedData with {@code content} encapsulated (RFC 5652 §5.2) and the chain in its certificates. */
    public byte[] sign(byte[] content) {
        CertifiedKey certified = signer.get();
        List<X509Certificate> chain = certified.chain();
        try {
            CMSSignedDataGenerator generator = new CMSSignedDataGenerator();
            generator.addSignerInfoGenerator(new JcaSignerInfoGeneratorBuilder(
                    new JcaDigestCalculatorProviderBuilder().build())
                    .build(new JcaContentSignerBuilder(signatureAlgorithm(certified.key())).build(certified.key()),
                            chain.getFirst()));
            generator.addCertificates(new JcaCertStore(chain));
            return generator.generate(new CMSProcessableByteArray(content), true).getEncoded("DER");
        } catch (OperatorCreationException | CMSException | GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot sign with the server certificate: " + e.getMessage(), e);
        }
    }

    private static String signatureAlgorithm(PrivateKey key) {
        return switch (key.getAlgorithm()) {
            case "EC", "ECDSA" -> "SHA256withECDSA";
            case "RSA" -> "SHA256withRSA";
            case "Ed25519", "EdDSA" -> "Ed25519";
            default -> throw new IllegalStateException("cannot sign with a " + key.getAlgorithm() + " key");
        };
    }
}
