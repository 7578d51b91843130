package dev.coffer.crypto;

import java.io.IOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The self-signed certificate an ACME TLS-ALPN-01 validation expects (RFC 8737 §3): the one DNS
 * name being validated, and the critical acmeIdentifier extension holding the SHA-256 digest of
 * the key authorization.
 */
public final class AcmeChallengeCertificate {

    /** RFC 8737 §6.1: id-pe-acmeIdentifier. */
    static final ASN1ObjectIdentifier ACME_IDENTIFIER = new ASN1ObjectIdentifier("1.3.6.1.5.5.7.1.31");

    private static final SecureRandom RANDOM = new SecureRandom();

    private AcmeChallengeCertificate() {}

    /**
     * @param acmeValidation the SHA-256 digest of the key authorization (32 bytes)
     */
    public static CertifiedKey create(String dnsName, byte[] acmeValidation) throws IOException {
        if (acmeValidation.length != 32) {
            throw new IllegalArgumentException("the acmeIdentifier value is a SHA-256 digest of 32 bytes");
        }
        KeyPair pair = PrivateKeys.generate();
        Instant now = Instant.now();
        X500Name subject = new X500Name("CN=acme-tls-1 challenge");
        try {
            JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject,
                    new BigInteger(127, RANDOM).add(BigInteger.ONE), Date.from(now.minus(Duration.ofHours(1))),
                    Date.from(now.plus(Duration.ofDays(7))), subject, pair.getPublic());
            builder.addExtension(Extension.subjectAlternativeName, false,
                    new GeneralNames(new GeneralName(GeneralName.dNSName, dnsName)));
            // RFC 8737 §3: "The acmeIdentifier extension MUST be critical".
            builder.addExtension(ACME_IDENTIFIER, true, new DEROctetString(acmeValidation));
            X509Certificate certificate = new JcaX509CertificateConverter().getCertificate(
                    builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate())));
            return new CertifiedKey(pair.getPrivate(), List.of(certificate));
        } catch (GeneralSecurityException | OperatorCreationException e) {
            throw new IOException("cannot make the TLS-ALPN-01 challenge certificate: " + e.getMessage(), e);
        }
    }
}
