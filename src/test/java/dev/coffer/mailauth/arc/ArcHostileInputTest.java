package dev.coffer.mailauth.arc;

import static dev.coffer.mailauth.arc.ArcFixtures.CLOCK;
import static dev.coffer.mailauth.arc.ArcFixtures.MESSAGE;
import static dev.coffer.mailauth.arc.ArcFixtures.bytes;
import static dev.coffer.mailauth.arc.ArcFixtures.crlf;
import static dev.coffer.mailauth.arc.ArcFixtures.prepend;
import static dev.coffer.mailauth.arc.ArcFixtures.text;
import static org.assertj.core.api.Assertions.assertThat;

import dev.coffer.mailauth.dkim.DkimKeys;
import java.security.KeyPair;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Whatever the ARC fields hold, the verifier answers with a result and a reason, never an exception. */
class ArcHostileInputTest {

    /** Octets that matter to the parsers: separators, folding, tag names, digits, a non-ASCII octet. */
    private static final String DAMAGE = " ;=:\r\n\tai0x-AZ9\u00ff";

    private static final KeyPair RSA = DkimKeys.generateRsa();
    private static final ArcFixtures.MapLookup KEYS = new ArcFixtures.MapLookup().with("s", "relay.example", RSA);

    private static ArcResult verify(byte[] message) {
        return new ArcVerifier(KEYS, CLOCK).verify(message);
    }

    private static byte[] twoHops() {
        ArcSealer sealer = new ArcSealer("relay.example", "s", RSA.getPrivate(), "mx.relay.example", CLOCK);
        byte[] hop1 = sealer.seal(crlf(MESSAGE), "spf=pass", ArcResult.none());
        return sealer.seal(hop1, "arc=pass", verify(hop1));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "ARC-Seal:",
        "ARC-Seal",
        "ARC-Seal: i=1",
        "ARC-Seal: i=99999999999999999999; cv=none",
        "ARC-Seal: i=1; i=1; cv=none",
        "ARC-Seal: i=1; a=rsa-sha256; cv=maybe; d=x.example; s=s; b=AAAA",
        "ARC-Seal: i=1; a=rsa-sha1; cv=none; d=x.example; s=s; b=AAAA",
        "ARC-Seal: i=1; a=rsa-sha256; cv=none; d=x.example; s=s; b=not base64!",
        "ARC-Seal: i=1; a=rsa-sha256; cv=none; d=x.example; s=s; t=999999999999999999; b=AAAA",
        "ARC-Message-Signature: i=1; a=rsa-sha256; x=99999999999999999; bh=AAAA; b=AAAA",
        "ARC-Message-Signature: i=1; a=rsa-sha256; c=weird/relaxed; d=x.example; s=s; h=From; bh=AAAA; b=AAAA",
        "ARC-Message-Signature: i=1; a=rsa-sha256; l=99999999999999999999999; d=x.example; s=s; h=From; bh=AAAA; b=AAAA",
        "ARC-Authentication-Results: i=1",
        "ARC-Authentication-Results: i=; x; spf=pass",
        "ARC-Authentication-Results: ; i=1",
        "ARC-Authentication-Results: i=0; x; spf=pass",
    })
    void malformedFieldsFailWithAReason(String field) {
        ArcResult result = verify(prepend(field, crlf(MESSAGE)));

        assertThat(result.code()).isEqualTo(ArcResult.Code.FAIL);
        assertThat(result.reason()).isNotBlank();
    }

    @Test
    void randomDamageToAValidChainNeverThrows() {
        byte[] valid = twoHops();
        String text = text(valid);
        int headerEnd = text.indexOf("From: Alice");
        Random random = new Random(8617);
        for (int round = 0; round < 300; round++) {
            byte[] damaged = Arrays.copyOf(valid, valid.length);
            for (int flips = 1 + random.nextInt(4); flips > 0; flips--) {
                damaged[random.nextInt(headerEnd)] = (byte) DAMAGE.charAt(random.nextInt(DAMAGE.length()));
            }
            ArcResult result = verify(damaged);
            assertThat(result.code()).isIn(ArcResult.Code.PASS, ArcResult.Code.FAIL, ArcResult.Code.NONE);
            if (result.code() == ArcResult.Code.FAIL) {
                assertThat(result.reason()).isNotBlank();
            }
        }
        assertThat(verify(bytes(text)).code()).isEqualTo(ArcResult.Code.PASS);
    }
}
