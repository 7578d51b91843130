package dev.coffer.mailauth.dkim;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/** RFC 6376 §3.4: the two canonicalizations, starting with the example of §3.4.5. */
class DkimCanonicalizationTest {

    // RFC 6376 §3.4.5, the example message, written out octet by octet
    private static final String EXAMPLE = "A: X\r\n"
            + "B : Y\t\r\n"
            + "\tZ  \r\n"
            + "\r\n"
            + " C \r\n"
            + "D \t E\r\n"
            + "\r\n"
            + "\r\n";

    @Test
    void relaxedHeaderMatchesRfc6376Example() {
        DkimMessage message = DkimMessage.parse(EXAMPLE.getBytes(StandardCharsets.ISO_8859_1));

        List<String> canonical = message.fields().stream()
                .map(f -> DkimCanonicalization.RELAXED.header(f.raw()) + "\r\n").toList();

        assertThat(String.join("", canonical)).isEqualTo("a:X\r\nb:Y Z\r\n");
    }

    @Test
    void relaxedBodyMatchesRfc6376Example() {
        DkimMessage message = DkimMessage.parse(EXAMPLE.getBytes(StandardCharsets.ISO_8859_1));

        assertThat(text(DkimCanonicalization.RELAXED.body(message.body()))).isEqualTo(" C\r\nD E\r\n");
    }

    @Test
    void simpleHeaderMatchesRfc6376Example() {
        DkimMessage message = DkimMessage.parse(EXAMPLE.getBytes(StandardCharsets.ISO_8859_1));

        List<String> canonical = message.fields().stream()
                .map(f -> DkimCanonicalization.SIMPLE.header(f.raw()) + "\r\n").toList();

        assertThat(String.join("", canonical)).isEqualTo("A: X\r\nB : Y\t\r\n\tZ  \r\n");
    }

    @Test
    void simpleBodyMatchesRfc6376Example() {
        DkimMessage message = DkimMessage.parse(EXAMPLE.getBytes(StandardCharsets.ISO_8859_1));

        assertThat(text(DkimCanonicalization.SIMPLE.body(message.body()))).isEqualTo(" C \r\nD \t E\r\n");
    }

    @Test
    void emptyBodyIsOneCrlfWhenSimpleAndNothingWhenRelaxed() {
        // RFC 6376 §3.4.3 and §3.4.4 (erratum 3133): the well-known hashes of both forms
        assertThat(bodyHash(DkimCanonicalization.SIMPLE, "")).isEqualTo("frcCV1k9oG9oKj3dpUqdJg1PxRT2RSN/XKdLCPjaYaY=");
        assertThat(bodyHash(DkimCanonicalization.RELAXED, "")).isEqualTo("47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=");
        assertThat(bodyHash(DkimCanonicalization.SIMPLE, "\r\n\r\n")).isEqualTo(bodyHash(DkimCanonicalization.SIMPLE, ""));
        assertThat(bodyHash(DkimCanonicalization.RELAXED, " \r\n\t\r\n")).isEqualTo(bodyHash(DkimCanonicalization.RELAXED, ""));
    }

    @Test
    void bodyWithoutFinalCrlfGetsOne() {
        assertThat(text(DkimCanonicalization.SIMPLE.body(bytes("Joe.")))).isEqualTo("Joe.\r\n");
        assertThat(text(DkimCanonicalization.RELAXED.body(bytes("Joe.  ")))).isEqualTo("Joe.\r\n");
    }

    @Test
    void simpleKeepsTrailingWhitespaceAndInnerEmptyLines() {
        assertThat(text(DkimCanonicalization.SIMPLE.body(bytes("a \r\n\r\nb\r\n\r\n\r\n"))))
                .isEqualTo("a \r\n\r\nb\r\n");
    }

    @Test
    void relaxedHeaderDropsWhitespaceAroundColonAndUnfolds() {
        assertThat(DkimCanonicalization.RELAXED.header("SUBJECT \t:  Is\r\n dinner   ready?  "))
                .isEqualTo("subject:Is dinner ready?");
    }

    @Test
    void relaxedHeaderKeepsEightBitOctets() {
        String latin1 = new String("Subject: Grüße".getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);

        assertThat(DkimCanonicalization.RELAXED.header(latin1).getBytes(StandardCharsets.ISO_8859_1))
                .isEqualTo("subject:Grüße".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void bareLineFeedsAreReadAsCrlf() {
        DkimMessage lf = DkimMessage.parse(bytes("A: x\n y\nB: z\n\nbody\n"));
        DkimMessage crlf = DkimMessage.parse(bytes("A: x\r\n y\r\nB: z\r\n\r\nbody\r\n"));

        assertThat(lf.fields()).isEqualTo(crlf.fields());
        assertThat(lf.body()).isEqualTo(crlf.body());
    }

    private static String bodyHash(DkimCanonicalization c, String body) {
        return Base64.getEncoder().encodeToString(DkimHashing.bodyHash(c.body(bytes(body)), Long.MAX_VALUE));
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static String text(byte[] b) {
        return new String(b, StandardCharsets.ISO_8859_1);
    }
}
