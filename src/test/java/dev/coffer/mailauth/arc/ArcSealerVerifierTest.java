package dev.coffer.mailauth.arc;

import static dev.coffer.mailauth.arc.ArcFixtures.CLOCK;
import static dev.coffer.mailauth.arc.ArcFixtures.MESSAGE;
import static dev.coffer.mailauth.arc.ArcFixtures.bytes;
import static dev.coffer.mailauth.arc.ArcFixtures.crlf;
import static dev.coffer.mailauth.arc.ArcFixtures.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.coffer.mailauth.dkim.DkimKeyLookupException;
import dev.coffer.mailauth.dkim.DkimKeys;
import java.security.KeyPair;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** ArcSealer and ArcVerifier against each other: what one seals the other validates, and nothing more. */
class ArcSealerVerifierTest {

    private static KeyPair rsa;
    private static KeyPair ed25519;
    private static ArcFixtures.MapLookup keys;

    @BeforeAll
    static void keys() {
        rsa = DkimKeys.generateRsa();
        ed25519 = DkimKeys.generateEd25519();
        keys = new ArcFixtures.MapLookup()
                .with("rsa", "lists.example", rsa)
                .with("ed", "lists.example", ed25519)
                .with("rsa", "forwarder.example", rsa);
    }

    private static ArcSealer list(KeyPair pair) {
        return new ArcSealer("lists.example", pair == rsa ? "rsa" : "ed", pair.getPrivate(), "mx.lists.example", CLOCK);
    }

    private static ArcSealer forwarder() {
        return new ArcSealer("forwarder.example", "rsa", rsa.getPrivate(), "mx.forwarder.example", CLOCK);
    }

    private static ArcResult verify(byte[] message) {
        return new ArcVerifier(keys, CLOCK).verify(message);
    }

    private static byte[] firstHop(KeyPair pair) {
        return list(pair).seal(crlf(MESSAGE), "spf=pass smtp.mailfrom=alice@origin.example;\r\n dkim=pass header.d=origin.example",
                ArcResult.none());
    }

    @Test
    void messageWithoutArcFieldsIsNone() {
        assertThat(verify(crlf(MESSAGE))).isEqualTo(ArcResult.none());
    }

    @ParameterizedTest
    @ValueSource(strings = {"rsa", "ed25519"})
    void firstHopSealsWithCvNoneAndValidates(String keyType) {
        byte[] sealed = firstHop(keyType.equals("rsa") ? rsa : ed25519);

        assertThat(text(sealed)).startsWith("ARC-Seal: i=1; a=" + (keyType.equals("rsa") ? "rsa" : "ed25519")
                + "-sha256; t=1795867200; cv=none;");
        assertThat(text(sealed)).contains("\r\nARC-Message-Signature: i=1;",
                "\r\nARC-Authentication-Results: i=1; mx.lists.example; spf=pass");
        assertThat(text(sealed)).endsWith(text(crlf(MESSAGE)));
        assertThat(verify(sealed)).isEqualTo(new ArcResult(ArcResult.Code.PASS, 1, "",
                "mx.lists.example; spf=pass smtp.mailfrom=alice@origin.example; dkim=pass header.d=origin.example"));
    }

    @Test
    void secondHopSealsWithCvPassAndTheChainKeepsTheOldestResults() {
        byte[] hop1 = firstHop(ed25519);
        ArcResult incoming = verify(hop1);
        byte[] hop2 = forwarder().seal(hop1, "mx.forwarder.example; arc=pass", incoming);

        assertThat(text(hop2)).startsWith("ARC-Seal: i=2; a=rsa-sha256; t=1795867200; cv=pass;");
        assertThat(text(hop2)).contains("ARC-Authentication-Results: i=2; mx.forwarder.example; arc=pass\r\n");
        ArcResult result = verify(hop2);
        assertThat(result.code()).isEqualTo(ArcResult.Code.PASS);
        assertThat(result.instances()).isEqualTo(2);
        assertThat(result.oldestPass()).startsWith("mx.lists.example; spf=pass");
    }

    @Test
    void changedBodyFailsTheNewestMessageSignature() {
        byte[] sealed = firstHop(rsa);
        ArcResult result = verify(bytes(text(sealed).replace("Second line.", "Second line!")));

        assertThat(result.code()).isEqualTo(ArcResult.Code.FAIL);
        assertThat(result.instances()).isEqualTo(1);
        assertThat(result.reason()).contains("ARC-Message-Signature i=1", "body hash");
    }

    @Test
    void changedSignedHeaderFailsTheNewestMessageSignature() {
        byte[] sealed = firstHop(ed25519);
        ArcResult result = verify(bytes(text(sealed).replace("Subject: Forwarded", "Subject: Rewritten")));

        assertThat(result.code()).isEqualTo(ArcResult.Code.FAIL);
        assertThat(result.reason()).contains("ARC-Message-Signature i=1", "signature does not verify");
    }

    @Test
    void changedOlderAuthenticationResultsFailTheSeals() {
        byte[] hop2 = forwarder().seal(firstHop(rsa), "arc=pass", verify(firstHop(rsa)));
        ArcResult result = verify(bytes(text(hop2).replace("mx.lists.example; spf=pass", "mx.lists.example; spf=fail")));

        assertThat(result.code()).isEqualTo(ArcResult.Code.FAIL);
        assertThat(result.reason()).contains("ARC-Seal i=2 does not verify");
    }

    @Test
    void unknownKeyFails() {
        byte[] sealed = new ArcSealer("lists.example", "unpublished", rsa.getPrivate(), "mx.lists.example", CLOCK)
                .seal(crlf(MESSAGE), "spf=pass", ArcResult.none());

        ArcResult result = verify(sealed);
        assertThat(result.code()).isEqualTo(ArcResult.Code.FAIL);
        assertThat(result.reason()).contains("no key record at unpublished._domainkey.lists.example");
    }

    @Test
    void failedKeyLookupIsAPermanentFailure() {
        ArcVerifier verifier = new ArcVerifier((selector, domain) -> {
            throw new DkimKeyLookupException("SERVFAIL");
        }, CLOCK);

        ArcResult result = verifier.verify(firstHop(rsa));
        assertThat(result.code()).isEqualTo(ArcResult.Code.FAIL);
        assertThat(result.reason()).isEqualTo("ARC-Message-Signature i=1: key lookup at rsa._domainkey.lists.example"
                + " failed: SERVFAIL");
    }

    @Test
    void brokenIncomingChainIsSealedWithCvFailOverTheNewSetOnly() {
        byte[] hop1 = bytes(text(firstHop(rsa)).replace("Second line.", "Changed by a list footer."));
        ArcResult incoming = verify(hop1);
        assertThat(incoming.code()).isEqualTo(ArcResult.Code.FAIL);

        byte[] hop2 = forwarder().seal(hop1, "arc=fail", incoming);

        assertThat(text(hop2)).startsWith("ARC-Seal: i=2; a=rsa-sha256; t=1795867200; cv=fail;");
        ArcResult result = verify(hop2);
        assertThat(result.code()).isEqualTo(ArcResult.Code.FAIL);
        assertThat(result.reason()).contains("ARC-Seal i=2 says cv=fail");
        // RFC 8617 §5.1 step 2: once a seal says cv=fail, no later handler adds a set
        assertThat(forwarder().seal(hop2, "arc=fail", result)).isEqualTo(hop2);
    }

    @Test
    void authservIdInThePayloadIsNotRepeated() {
        byte[] sealed = list(rsa).seal(crlf(MESSAGE), "mx.lists.example; spf=pass", ArcResult.none());

        assertThat(text(sealed)).contains("ARC-Authentication-Results: i=1; mx.lists.example; spf=pass\r\n");
    }

    @Test
    void sealerRefusesAResultThatDoesNotBelongToTheMessage() {
        assertThatThrownBy(() -> list(rsa).seal(crlf(MESSAGE), "spf=pass",
                new ArcResult(ArcResult.Code.PASS, 2, "", "x")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("0 ARC sets");
    }

    @Test
    void sealerRejectsMalformedNames() {
        assertThatThrownBy(() -> new ArcSealer("not a domain", "s", rsa.getPrivate(), "mx", CLOCK))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ArcSealer("lists.example", "s", rsa.getPrivate(), "mx; spf=pass", CLOCK))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
