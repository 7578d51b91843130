package dev.coffer.mailauth;

import static org.assertj.core.api.Assertions.assertThat;

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
}
