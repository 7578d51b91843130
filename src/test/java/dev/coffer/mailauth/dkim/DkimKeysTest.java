package dev.coffer.mailauth.dkim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** Key generation, PKCS#8 PEM, and the TXT record values of RFC 6376 §3.6.1 and RFC 8463 §4.2. */
class DkimKeysTest {

    @Test
    void ed25519RecordCarriesTheRaw32OctetKey() throws Exception {
        KeyPair pair = DkimKeys.generateEd25519();

        String record = DkimKeys.dnsRecord(pair.getPublic());

        assertThat(record).startsWith("v=DKIM1; k=ed25519; p=");
        byte[] p = Base64.getDecoder().decode(record.substring(record.indexOf("p=") + 2));
        assertThat(p).hasSize(32);
        assertThat(DkimKeyRecord.parse(record).publicKey(DkimAlgorithm.ED25519_SHA256)).isEqualTo(pair.getPublic());
    }

    @Test
    void rsaRecordCarriesTheSubjectPublicKeyInfo() throws Exception {
        KeyPair pair = DkimKeys.generateRsa();

        String record = DkimKeys.dnsRecord(pair.getPublic());

        assertThat(record).startsWith("v=DKIM1; k=rsa; p=MIIBIjAN");
        assertThat(((RSAPublicKey) pair.getPublic()).getModulus().bitLength()).isEqualTo(2048);
        assertThat(DkimKeyRecord.parse(record).publicKey(DkimAlgorithm.RSA_SHA256)).isEqualTo(pair.getPublic());
    }

    @Test
    void privateKeysRoundTripThroughPkcs8Pem() {
        for (KeyPair pair : new KeyPair[] {DkimKeys.generateEd25519(), DkimKeys.generateRsa()}) {
            String pem = DkimKeys.toPem(pair.getPrivate());

            assertThat(pem).startsWith("-----BEGIN PRIVATE KEY-----\n").endsWith("-----END PRIVATE KEY-----\n");
            PrivateKey back = DkimKeys.fromPem(pem);
            assertThat(back.getEncoded()).isEqualTo(pair.getPrivate().getEncoded());
            assertThat(DkimKeys.publicKey(back)).isEqualTo(pair.getPublic());
        }
    }

    @Test
    void readsPkcs1RsaPem() {
        PrivateKey rsa = DkimKeys.fromPem(DkimFixtures.resource("rfc8463-rsa-private.pem"));

        assertThat(rsa.getAlgorithm()).isEqualTo("RSA");
    }

    @Test
    void rejectsWhatIsNotADkimKey() throws Exception {
        KeyPairGenerator ec = KeyPairGenerator.getInstance("EC");
        String ecPem = DkimKeys.toPem(ec.generateKeyPair().getPrivate());

        assertThatThrownBy(() -> DkimKeys.fromPem(ecPem)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Ed25519 or RSA");
        assertThatThrownBy(() -> DkimKeys.fromPem("hello")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("BEGIN PRIVATE KEY");
    }

    @Test
    void acceptsPkcs1PublicKeysInRecords() throws Exception {
        KeyPair pair = DkimKeys.generateRsa();
        byte[] pkcs1 = org.bouncycastle.asn1.x509.SubjectPublicKeyInfo.getInstance(pair.getPublic().getEncoded())
                .getPublicKeyData().getBytes();

        DkimKeyRecord record = DkimKeyRecord.parse("k=rsa; p=" + Base64.getEncoder().encodeToString(pkcs1));

        assertThat(record.publicKey(DkimAlgorithm.RSA_SHA256)).isEqualTo(pair.getPublic());
    }
}
