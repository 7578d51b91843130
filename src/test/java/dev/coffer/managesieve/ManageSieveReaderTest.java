package dev.coffer.managesieve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The command grammar of RFC 5804 §4: atoms, quoted strings, literals at the line's end. */
class ManageSieveReaderTest {

    private static List<ManageSieveRequest.Argument> tokens(String line, long expectedLiteral) throws Exception {
        List<ManageSieveRequest.Argument> tokens = new ArrayList<>();
        assertThat(ManageSieveReader.tokenize(line, tokens)).isEqualTo(expectedLiteral);
        return tokens;
    }

    @Test
    void splitsAtomsAndQuotedStrings() throws Exception {
        assertThat(tokens("HAVESPACE \"my script\" 1024", -1)).containsExactly(
                new ManageSieveRequest.Argument("HAVESPACE", false),
                new ManageSieveRequest.Argument("my script", true),
                new ManageSieveRequest.Argument("1024", false));
    }

    @Test
    void unescapesQuoteAndBackslash() throws Exception {
        assertThat(tokens("GETSCRIPT \"a\\\"b\\\\c\"", -1)).endsWith(new ManageSieveRequest.Argument("a\"b\\c", true));
    }

    @Test
    void reportsTheLengthOfANonSynchronizingLiteral() throws Exception {
        assertThat(tokens("PUTSCRIPT \"x\" {42+}", 42)).hasSize(2);
    }

    @Test
    void acceptsSynchronizingLiteralsToo() throws Exception {
        assertThat(tokens("PUTSCRIPT \"x\" {7}", 7)).hasSize(2);
    }

    @Test
    void refusesOtherEscapes() {
        assertThatThrownBy(() -> tokens("GETSCRIPT \"a\\nb\"", -1)).isInstanceOf(ManageSieveSyntaxException.class);
    }

    @Test
    void refusesALiteralThatDoesNotEndTheLine() {
        assertThatThrownBy(() -> tokens("PUTSCRIPT {3+} \"x\"", -1)).hasMessageContaining("must end the line");
    }

    @Test
    void refusesMalformedLiteralLengths() {
        assertThatThrownBy(() -> tokens("PUTSCRIPT \"x\" {12345678901+}", -1)).hasMessageContaining("Malformed literal");
        assertThatThrownBy(() -> tokens("PUTSCRIPT \"x\" {-1}", -1)).hasMessageContaining("Malformed literal");
    }

    @Test
    void refusesAnUnclosedQuotedString() {
        assertThatThrownBy(() -> tokens("GETSCRIPT \"abc", -1)).hasMessageContaining("not closed");
    }
}
