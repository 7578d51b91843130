package dev.coffer.mailauth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

class SyntaxTest {

    @Test
    void splitsACommentIntoWordsAtRunsOfWhiteSpace() {
        assertThat(Syntax.comment("no  key\tfor\r\nsignature ")).containsExactly("(no", "key", "for", "signature)");
    }

    @Test
    void escapesParenthesesAndDropsControlAndNonAsciiCharacters() {
        assertThat(Syntax.comment("body (hash) \\ didn't\u0001 match é")).containsExactly(
                "(body", "\\(hash\\)", "\\\\", "didn't", "match)");
    }

    @Test
    void givesOneWordForAOneWordComment() {
        assertThat(Syntax.comment("expired")).containsExactly("(expired)");
    }

    @Test
    void givesNothingForAnEmptyOrBlankComment() {
        assertThat(Syntax.comment("")).isEmpty();
        assertThat(Syntax.comment(" \t ")).isEmpty();
        assertThat(Syntax.comment("\u0001")).isEmpty();
        assertThat(Syntax.comment(null)).isEmpty();
    }

    @Test
    void writesDomainsAndAddressesAsTheyAreAndEverythingElseQuoted() {
        assertThat(Syntax.value("example.org")).isEqualTo("example.org");
        assertThat(Syntax.value("user@example.org")).isEqualTo("user@example.org");
        assertThat(Syntax.value("a@b@c")).isEqualTo("\"a@b@c\"");
        assertThat(Syntax.value("@")).isEqualTo("\"@\"");
        assertThat(Syntax.value("")).isEqualTo("\"\"");
        assertThat(Syntax.value("x; dkim=pass")).isEqualTo("\"x; dkim=pass\"");
    }

    @Test
    void keepsAValueAsItIsExactlyWhenItIsATokenOnceDotsAndOneAtSignAreSetAside() {
        char[] pieces = {'a', '.', '@', ';', ' ', '"', '\\', '=', 'é', '\u0001', '-'};
        Random random = new Random(8601);
        for (int i = 0; i < 50_000; i++) {
            StringBuilder text = new StringBuilder();
            int length = random.nextInt(8);
            for (int j = 0; j < length; j++) {
                text.append(pieces[random.nextInt(pieces.length)]);
            }
            String value = text.toString();
            boolean plain = !value.isEmpty() && Syntax.isToken(value.replace("@", "").replace(".", "x"))
                    && value.indexOf('@') == value.lastIndexOf('@');
            assertThat(Syntax.value(value).equals(value)).as("[%s]", value).isEqualTo(plain);
        }
    }
}
