package dev.coffer.filter.sieve;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Match types and comparators (RFC 5228 §2.7.1, RFC 4790 §9). */
class MatchTest {

    private static final Match MATCHES = new Match(Match.Type.MATCHES, Match.Comparator.ASCII_CASEMAP);

    @Test
    void starMatchesAnyRunIncludingNothing() {
        assertThat(MATCHES.matches("abc", "a*c")).isTrue();
        assertThat(MATCHES.matches("ac", "a*c")).isTrue();
        assertThat(MATCHES.matches("abcd", "a*c")).isFalse();
    }

    @Test
    void questionMarkMatchesExactlyOneCharacter() {
        assertThat(MATCHES.matches("abc", "a?c")).isTrue();
        assertThat(MATCHES.matches("ac", "a?c")).isFalse();
    }

    @Test
    void backtracksOverSeveralStars() {
        assertThat(MATCHES.matches("make lots of money fast", "*make*money*fast*")).isTrue();
    }

    @Test
    void asciiCasemapFoldsOnlyAsciiLetters() {
        Match is = new Match(Match.Type.IS, Match.Comparator.ASCII_CASEMAP);
        assertThat(is.matches("ABC", "abc")).isTrue();
        assertThat(is.matches("Ä", "ä")).isFalse();
    }
}
