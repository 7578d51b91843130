package dev.coffer.mailauth;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class HeaderSectionTest {

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    @Test
    void findsFieldsWithTheirFoldedLinesAndStopsAtTheBody() {
        HeaderSection header = HeaderSection.parse(bytes("A: 1\r\nB : two\r\n\tlines\r\n\r\nC: body\r\n"));

        assertThat(header.fields()).extracting(HeaderSection.Field::name).containsExactly("A", "B");
        assertThat(header.value(header.fieldsNamed("b").getFirst())).isEqualTo(" two\tlines");
    }

    @Test
    void cuttingFieldsLeavesEveryOtherByteAsItWas() {
        String message = "X: 1\r\nDrop: a\r\n b\r\nY: 2\nDrop: c\nZ: 3\r\n\r\nbody";
        HeaderSection header = HeaderSection.parse(bytes(message));

        byte[] cut = header.without(header.fieldsNamed("drop"));

        assertThat(new String(cut, StandardCharsets.ISO_8859_1)).isEqualTo("X: 1\r\nY: 2\nZ: 3\r\n\r\nbody");
    }

    /** Whatever the bytes, parsing never fails and cutting nothing gives them back unchanged. */
    @Test
    void arbitraryBytesSurviveUnchanged() {
        SplittableRandom random = new SplittableRandom(42);
        byte[] alphabet = bytes("Ab: \r\n\t(;\"\\\u00ff");
        for (int round = 0; round < 2_000; round++) {
            byte[] message = new byte[random.nextInt(200)];
            for (int i = 0; i < message.length; i++) {
                message[i] = alphabet[random.nextInt(alphabet.length)];
            }
            HeaderSection header = HeaderSection.parse(message);

            assertThat(header.without(List.of())).isEqualTo(message);
            int covered = header.fields().stream().mapToInt(field -> field.end() - field.start()).sum();
            assertThat(covered).isLessThanOrEqualTo(message.length);
            assertThat(new AuthenticationResultsHeader("mx.example").withoutForgedResults(message).length)
                    .isLessThanOrEqualTo(message.length);
        }
    }
}
