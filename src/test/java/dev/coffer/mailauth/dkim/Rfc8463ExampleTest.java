package dev.coffer.mailauth.dkim;

import static dev.coffer.mailauth.dkim.DkimFixtures.clockAt;
import static dev.coffer.mailauth.dkim.DkimFixtures.crlfMessage;
import static org.assertj.core.api.Assertions.assertThat;

import java.security.PrivateKey;
import java.util.List;
import org.junit.jupiter.api.Test;

/** RFC 8463 Appendix A: the example keys, records and signed message. */
class Rfc8463ExampleTest {

    private static final long SIGNED_AT = 1528637909L;

    @Test
    void bothSignaturesOfTheExampleVerify() {
        DkimVerifier verifier = new DkimVerifier(DkimFixtures.rfc8463Lookup(), clockAt(SIGNED_AT + 60));

        List<DkimResult> results = verifier.verify(crlfMessage("rfc8463-signed.eml"));

        assertThat(results).containsExactly(
                new DkimResult.Pass("football.example.com", "brisbane", DkimAlgorithm.ED25519_SHA256, false),
                new DkimResult.Pass("football.example.com", "test", DkimAlgorithm.RSA_SHA256, false));
    }

    @Test
    void theExampleStillVerifiesWithLineFeedsOnly() {
        DkimVerifier verifier = new DkimVerifier(DkimFixtures.rfc8463Lookup(), clockAt(SIGNED_AT));

        List<DkimResult> results = verifier.verify(DkimFixtures.resource("rfc8463-signed.eml").getBytes());

        assertThat(results).allMatch(r -> r instanceof DkimResult.Pass);
    }

    @Test
    void signingTheExampleHeaderReproducesTheExampleSignatures() throws Exception {
        // Ed25519 and RSASSA-PKCS1-v1_5 are deterministic: same key and data give the same b=
        DkimMessage message = DkimMessage.parse(crlfMessage("rfc8463-signed.eml"));
        List<DkimMessage.Field> signatures = message.fieldsNamed("DKIM-Signature");
        PrivateKey ed25519 = DkimFixtures.rfc8463Ed25519Key();
        PrivateKey rsa = DkimKeys.fromPem(DkimFixtures.resource("rfc8463-rsa-private.pem"));

        assertThat(resign(message, signatures.get(0), ed25519)).isEqualTo(
                DkimSignature.parse(signatures.get(0).value()).signature());
        assertThat(resign(message, signatures.get(1), rsa)).isEqualTo(
                DkimSignature.parse(signatures.get(1).value()).signature());
    }

    @Test
    void theExamplePublicKeyIsDerivedFromTheExampleSecretKey() throws Exception {
        assertThat(DkimKeys.dnsRecord(DkimFixtures.rfc8463Ed25519Key()))
                .isEqualTo(DkimFixtures.resource("rfc8463-brisbane.txt").strip());
        assertThat(DkimKeys.dnsRecord(DkimKeys.fromPem(DkimFixtures.resource("rfc8463-rsa-private.pem"))))
                .isEqualTo(DkimFixtures.resource("rfc8463-test.txt").strip());
    }

    @Test
    void theExampleBodyHashIsReproduced() throws Exception {
        DkimMessage message = DkimMessage.parse(crlfMessage("rfc8463-signed.eml"));
        DkimSignature sig = DkimSignature.parse(message.fieldsNamed("DKIM-Signature").getFirst().value());

        assertThat(DkimHashing.bodyHash(DkimCanonicalization.RELAXED.body(message.body()), Long.MAX_VALUE))
                .isEqualTo(sig.bodyHash());
    }

    private static byte[] resign(DkimMessage message, DkimMessage.Field field, PrivateKey key) throws Exception {
        DkimSignature sig = DkimSignature.parse(field.value());
        List<DkimMessage.Field> selected = DkimHashing.selectFields(message.fields(), sig.signedHeaders(), field);
        byte[] data = DkimHashing.headerData(selected, DkimHashing.withoutSignatureValue(field.raw()),
                sig.headerCanonicalization());
        return DkimHashing.sign(sig.algorithm(), key, data);
    }
}
