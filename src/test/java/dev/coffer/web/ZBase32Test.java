package dev.coffer.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ZBase32Test {

    @Test
    void hashesTheDraftsExampleAddress() {
        // draft-koch-openpgp-webkey-service §3.1: "Joe.Doe@Example.ORG" → iy9q119eutrkn8s1mk4r39qejnbu3n5q
        assertThat(WkdHash.of("Joe.Doe")).isEqualTo("iy9q119eutrkn8s1mk4r39qejnbu3n5q");
    }

    @Test
    void lowerCasesOnlyAsciiLetters() {
        assertThat(WkdHash.of("JOE.DOE")).isEqualTo(WkdHash.of("joe.doe"));
        assertThat(WkdHash.of("Ä")).isNotEqualTo(WkdHash.of("ä"));
    }

    @Test
    void encodesBitsMostSignificantFirst() {
        assertThat(ZBase32.encode(new byte[0])).isEmpty();
        assertThat(ZBase32.encode(new byte[] {0})).isEqualTo("yy");
        assertThat(ZBase32.encode(new byte[] {(byte) 0xff})).isEqualTo("9h");
        assertThat(ZBase32.encode("a".getBytes(StandardCharsets.US_ASCII))).isEqualTo("cr");
    }

    @Test
    void encodesTwentyOctetsInThirtyTwoCharacters() {
        assertThat(ZBase32.encode(new byte[20])).hasSize(32).matches("y{32}");
    }
}
