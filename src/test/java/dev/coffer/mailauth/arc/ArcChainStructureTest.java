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
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * RFC 8617 §5.2 step 3: a chain whose structure is wrong fails before any signature is
 * checked. Each case starts from a valid two-hop chain and breaks one rule.
 */
class ArcChainStructureTest {

    private static final Pattern FIELD = Pattern.compile("(?m)^(ARC-[A-Za-z-]+): i=(\\d+);.*(\\r\\n[ \\t].*)*\\r\\n");

    private static KeyPair rsa;
    private static ArcFixtures.MapLookup keys;
    private static byte[] twoHops;

    @BeforeAll
    static void chain() {
        rsa = DkimKeys.generateRsa();
        keys = new ArcFixtures.MapLookup().with("rsa", "relay.example", rsa);
        byte[] hop1 = sealer().seal(crlf(MESSAGE), "spf=pass", ArcResult.none());
        twoHops = sealer().seal(hop1, "arc=pass", verify(hop1));
        assertThat(verify(twoHops).code()).isEqualTo(ArcResult.Code.PASS);
    }

    private static ArcSealer sealer() {
        return new ArcSealer("relay.example", "rsa", rsa.getPrivate(), "mx.relay.example", CLOCK);
    }

    private static ArcResult verify(byte[] message) {
        return new ArcVerifier(keys, CLOCK).verify(message);
    }

    /** The field of {@code name} with instance {@code instance} in {@code message}, with its CRLF. */
    private static String field(byte[] message, String name, int instance) {
        Matcher m = FIELD.matcher(text(message));
        while (m.find()) {
            if (m.group(1).equals(name) && Integer.parseInt(m.group(2)) == instance) {
                return m.group();
            }
        }
        throw new AssertionError("no " + name + " i=" + instance);
    }

    private static byte[] without(byte[] message, String name, int instance) {
        return bytes(text(message).replace(field(message, name, instance), ""));
    }

    @Test
    void gapInInstancesFails() {
        byte[] noFirstSet = without(without(without(twoHops, "ARC-Seal", 1), "ARC-Message-Signature", 1),
                "ARC-Authentication-Results", 1);

        ArcResult result = verify(noFirstSet);
        assertThat(result.code()).isEqualTo(ArcResult.Code.FAIL);
        assertThat(result.instances()).isEqualTo(2);
        assertThat(result.reason()).isEqualTo("ARC set i=1 is missing (the next one is i=2)");
    }

    @Test
    void duplicateSealFails() {
        byte[] duplicated = bytes(field(twoHops, "ARC-Seal", 1) + text(twoHops));

        ArcResult result = verify(duplicated);
        assertThat(result.code()).isEqualTo(ArcResult.Code.FAIL);
        assertThat(result.reason()).isEqualTo("the message has more than one ARC-Seal with i=1");
    }

    @Test
    void incompleteSetFails() {
        ArcResult result = verify(without(twoHops, "ARC-Message-Signature", 1));

        assertThat(result.code()).isEqualTo(ArcResult.Code.FAIL);
        assertThat(result.reason()).isEqualTo("ARC set i=1 has no ARC-Message-Signature");
    }

    @Test
    void cvNoneOnALaterSealFails() {
        String seal2 = field(twoHops, "ARC-Seal", 2);
        byte[] changed = bytes(text(twoHops).replace(seal2, seal2.replace("cv=pass", "cv=none")));

        ArcResult result = verify(changed);
        assertThat(result.code()).isEqualTo(ArcResult.Code.FAIL);
        assertThat(result.reason()).isEqualTo("ARC-Seal i=2 has cv=none where RFC 8617 §5.2 requires cv=pass");
    }

    @Test
    void cvPassOnTheFirstSealFails() {
        String seal1 = field(twoHops, "ARC-Seal", 1);
        byte[] changed = bytes(text(twoHops).replace(seal1, seal1.replace("cv=none", "cv=pass")));

        ArcResult result = verify(changed);
        assertThat(result.code()).isEqualTo(ArcResult.Code.FAIL);
        assertThat(result.reason()).isEqualTo("ARC-Seal i=1 has cv=pass where RFC 8617 §5.2 requires cv=none");
    }

    @Test
    void sealWithAnHTagFails() {
        String seal1 = field(twoHops, "ARC-Seal", 1);
        byte[] changed = bytes(text(twoHops).replace(seal1, seal1.replace("cv=none;", "cv=none; h=From;")));

        assertThat(verify(changed).reason()).contains("h= tag");
    }

    @Test
    void unreadableInstanceFails() {
        byte[] changed = prepend("ARC-Authentication-Results: i=x; mx.relay.example; spf=pass", twoHops);

        ArcResult result = verify(changed);
        assertThat(result.code()).isEqualTo(ArcResult.Code.FAIL);
        assertThat(result.reason()).contains("i=x");
    }

    @Test
    void fiftySetsValidateAndAFiftyFirstIsNeitherAddedNorAccepted() {
        byte[] message = crlf(MESSAGE);
        ArcResult result = ArcResult.none();
        for (int hop = 1; hop <= ArcTags.MAX_INSTANCE; hop++) {
            message = sealer().seal(message, "arc=" + result.code().keyword(), result);
            // what the verifier says of a chain sealed by us, without checking 1275 seals
            result = new ArcResult(ArcResult.Code.PASS, hop, "", "");
        }
        long start = System.nanoTime();
        result = verify(message);
        System.out.printf("event=arc_verify_fifty_sets ms=%d%n", (System.nanoTime() - start) / 1_000_000);
        assertThat(result.code()).isEqualTo(ArcResult.Code.PASS);
        assertThat(result.instances()).isEqualTo(50);

        // RFC 8617 §4.2.1: no 51st set is added
        assertThat(sealer().seal(message, "arc=pass", result)).isEqualTo(message);

        // and a 51st set made by hand makes the chain fail
        byte[] fiftyOne = message;
        for (String name : new String[] {"ARC-Authentication-Results", "ARC-Message-Signature", "ARC-Seal"}) {
            fiftyOne = bytes(field(message, name, 50).replace(": i=50;", ": i=51;") + text(fiftyOne));
        }
        ArcResult tooMany = verify(fiftyOne);
        assertThat(tooMany.code()).isEqualTo(ArcResult.Code.FAIL);
        assertThat(tooMany.reason()).contains("i=51", "1 to 50");
    }

    @Test
    void floodOfDistinctArcFieldsFailsOnTheSetLimit() {
        String[] names = {"ARC-Authentication-Results", "ARC-Message-Signature", "ARC-Seal"};
        StringBuilder flood = new StringBuilder();
        for (int i = 0; i < 10_000; i++) {
            flood.append(names[i % 3]).append(": i=").append(i / 3 % 50 + 1)
                    .append("; a=rsa-sha256; cv=none; d=x.example; s=s; b=AAAA\r\n");
        }
        ArcResult result = verify(bytes(flood + text(crlf(MESSAGE))));

        assertThat(result.code()).isEqualTo(ArcResult.Code.FAIL);
        assertThat(result.reason()).contains("more than 150 ARC fields");
    }
}
