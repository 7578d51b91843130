package dev.coffer.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.cert.X509Certificate;
import java.util.List;
import org.bouncycastle.asn1.ASN1OctetString;
import org.junit.jupiter.api.Test;

class AcmeChallengeCertificateTest {

    @Test
    void namesOnlyTheValidatedNameAndCarriesTheDigestInACriticalExtension() throws Exception {
        byte[] digest = new byte[32];
        digest[0] = 7;
        X509Certificate certificate = AcmeChallengeCertificate.create("mail.example.org", digest).leaf();

        assertThat(certificate.getSubjectAlternativeNames()).containsExactly(List.of(2, "mail.example.org"));
        assertThat(certificate.getCriticalExtensionOIDs()).contains("1.3.6.1.5.5.7.1.31");
        byte[] extension = ASN1OctetString.getInstance(certificate.getExtensionValue("1.3.6.1.5.5.7.1.31")).getOctets();
        // RFC 8737 §3: extnValue is the DER encoding of an OCTET STRING of the digest.
        assertThat(ASN1OctetString.getInstance(extension).getOctets()).isEqualTo(digest);
    }
}
