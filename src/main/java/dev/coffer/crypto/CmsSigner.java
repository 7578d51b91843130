package dev.coffer.crypto;

import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.List;
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

    private final PrivateKey key;
    private final String algorithm;
    private final List<X509Certificate> chain;

    private CmsSigner(PrivateKey key, String algorithm, List<X509Certificate> chain) {
        this.key = key;
        this.algorithm = algorithm;
        this.chain = List.copyOf(chain);
    }

    /** Loads a PEM certificate chain (leaf first) and its PEM private key, as the TLS listeners do. */
    public static CmsSigner load(Path certificateChain, Path privateKey) throws IOException {
        try {
            List<Certificate> certificates = ServerTls.readCertificates(certificateChain);
            if (certificates.isEmpty()) {
                throw new IOException("no certificate found in " + certificateChain);
            }
            PrivateKey key = ServerTls.readPrivateKey(privateKey);
            return new CmsSigner(key, signatureAlgorithm(key, privateKey), certificates.stream().map(X509Certificate.class::cast).toList());
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot read the certificate " + certificateChain + ": " + e.getMessage(), e);
        }
    }

    /** DER-encoded SignedData with {@code content} encapsulated (RFC 5652 §5.2) and the chain in its certificates. */
    public byte[] sign(byte[] content) {
        try {
            CMSSignedDataGenerator generator = new CMSSignedDataGenerator();
            generator.addSignerInfoGenerator(new JcaSignerInfoGeneratorBuilder(
                    new JcaDigestCalculatorProviderBuilder().build())
                    .build(new JcaContentSignerBuilder(algorithm).build(key), chain.getFirst()));
            generator.addCertificates(new JcaCertStore(chain));
            return generator.generate(new CMSProcessableByteArray(content), true).getEncoded("DER");
        } catch (OperatorCreationException | CMSException | GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot sign with the server certificate: " + e.getMessage(), e);
        }
    }

    private static String signatureAlgorithm(PrivateKey key, Path file) throws IOException {
        return switch (key.getAlgorithm()) {
            case "EC", "ECDSA" -> "SHA256withECDSA";
            case "RSA" -> "SHA256withRSA";
            case "Ed25519", "EdDSA" -> "Ed25519";
            default -> throw new IOException("cannot sign with the " + key.getAlgorithm() + " key in " + file);
        };
    }
}
