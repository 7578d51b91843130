package dev.coffer.acme;

import java.io.IOException;
import java.security.KeyPair;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.ExtensionsGenerator;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;

/** The PKCS#10 request an ACME order is finalized with (RFC 8555 §7.4): the names as SANs, signed by the key. */
final class CertificateRequest {

    private CertificateRequest() {}

    static byte[] der(List<String> names, KeyPair key) throws IOException {
        try {
            var builder = new JcaPKCS10CertificationRequestBuilder(new X500Name("CN=" + names.getFirst()),
                    key.getPublic());
            ExtensionsGenerator extensions = new ExtensionsGenerator();
            GeneralName[] alternatives = names.stream()
                    .map(name -> new GeneralName(GeneralName.dNSName, name)).toArray(GeneralName[]::new);
            extensions.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(alternatives));
            builder.addAttribute(PKCSObjectIdentifiers.pkcs_9_at_extensionRequest, extensions.generate());
            String algorithm = "EC".equals(key.getPrivate().getAlgorithm()) ? "SHA256withECDSA" : "SHA256withRSA";
            return builder.build(new JcaContentSignerBuilder(algorithm).build(key.getPrivate())).getEncoded();
        } catch (OperatorCreationException e) {
            throw new IOException("cannot sign the certificate request: " + e.getMessage(), e);
        }
    }
}
