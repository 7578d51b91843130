package dev.coffer.mailauth.dkim;

import static dev.coffer.mailauth.dkim.DkimFixtures.clockAt;
import static dev.coffer.mailauth.dkim.DkimFixtures.crlfMessage;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The verifier turns any input into results; it never throws. (A seed-fixed poor man's fuzzer.) */
class DkimHostileInputTest {

    private static final int ROUNDS = 1000;

    @Test
    void mutatedRfc8463MessagesNeverThrow() {
        byte[] original = crlfMessage("rfc8463-signed.eml");
        DkimVerifier verifier = new DkimVerifier(DkimFixtures.rfc8463Lookup(), clockAt(1528637909L));
        byte[] alphabet = " \t\r\n:;=/+abAB09-_|@.\u00ff".getBytes(StandardCharsets.ISO_8859_1);
        Random random = new Random(8463);
        int passes = 0;
        for (int round = 0; round < ROUNDS; round++) {
            byte[] mutated = original.clone();
            int edits = 1 + random.nextInt(4);
            for (int e = 0; e < edits; e++) {
                mutated[random.nextInt(mutated.length)] = alphabet[random.nextInt(alphabet.length)];
            }
            if (random.nextInt(10) == 0) {
                mutated = Arrays.copyOf(mutated, random.nextInt(mutated.length));
            }

            List<DkimResult> results = verifier.verify(mutated);

            assertThat(results).isNotEmpty();
            passes += (int) results.stream().filter(r -> r instanceof DkimResult.Pass).count();
        }
        // relaxed canonicalization forgives some whitespace edits, but most edits must fail
        // (two signatures per round: fewer passes than rounds means most results failed)
        assertThat(passes).isLessThan(ROUNDS);
    }

    @Test
    void garbageKeyRecordsAreErrorsNotExceptions() {
        byte[] message = crlfMessage("rfc8463-signed.eml");
        for (String record : List.of("", ";", "p", "v=DKIM1; k=ed25519; p=AAAA", "k=ed25519; p="
                + "/////////////////////////////////////////w==", "v=DKIM1; k=rsa; p=MIIB", "k=rsa; p=@@@",
                "k=ed25519; k=rsa; p=AAAA")) {
            DkimFixtures.MapLookup lookup = new DkimFixtures.MapLookup()
                    .with("brisbane", "football.example.com", record)
                    .with("test", "football.example.com", record);

            List<DkimResult> results = new DkimVerifier(lookup, clockAt(1528637909L)).verify(message);

            assertThat(results).as(record).hasSize(2).noneMatch(r -> r instanceof DkimResult.Pass);
        }
    }

    @Test
    void headerWithoutBodyOrColonIsHandled() {
        DkimVerifier verifier = new DkimVerifier(DkimFixtures.rfc8463Lookup(), clockAt(0));

        assertThat(verifier.verify(new byte[0])).containsExactly(new DkimResult.None());
        assertThat(verifier.verify("DKIM-Signature\r\nFrom x".getBytes(StandardCharsets.US_ASCII)))
                .singleElement().isInstanceOf(DkimResult.PermError.class);
    }
}
