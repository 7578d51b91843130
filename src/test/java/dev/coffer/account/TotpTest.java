package dev.coffer.account;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.bouncycastle.util.encoders.Base32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TotpTest {

    private static final byte[] RFC_SECRET = "12345678901234567890".getBytes(StandardCharsets.US_ASCII);

    /** RFC 6238 Appendix B, SHA-1 column, cut to six digits as authenticator apps show them. */
    @ParameterizedTest
    @CsvSource({
            "59, 287082",
            "1111111109, 081804",
            "1111111111, 050471",
            "1234567890, 005924",
            "2000000000, 279037",
            "20000000000, 353130"})
    void makesTheCodesOfTheRfcTestVectors(long unixTime, String code) {
        assertThat(Totp.code(RFC_SECRET, Totp.step(Instant.ofEpochSecond(unixTime)))).isEqualTo(code);
    }

    @Test
    void agreesWithOathtool() throws Exception {
        byte[] secret = "a secret of twenty b".getBytes(StandardCharsets.US_ASCII);
        Instant now = Instant.parse("2026-11-28T12:00:00Z");

        String theirs = Oathtool.totp(Base32.toBase32String(secret), now);

        assertThat(Totp.code(secret, Totp.step(now))).isEqualTo(theirs);
    }

    @Test
    void acceptsTheNeighbouringStepsButNoFurther() {
        Instant now = Instant.ofEpochSecond(1_000_000_020L);
        long step = Totp.step(now);

        assertThat(Totp.matchingStep(RFC_SECRET, Totp.code(RFC_SECRET, step - 1), now, -1)).hasValue(step - 1);
        assertThat(Totp.matchingStep(RFC_SECRET, Totp.code(RFC_SECRET, step + 1), now, -1)).hasValue(step + 1);
        assertThat(Totp.matchingStep(RFC_SECRET, Totp.code(RFC_SECRET, step - 2), now, -1)).isEmpty();
        assertThat(Totp.matchingStep(RFC_SECRET, Totp.code(RFC_SECRET, step + 2), now, -1)).isEmpty();
    }

    @Test
    void neverAcceptsAStepAtOrBeforeTheLastOneUsed() {
        Instant now = Instant.ofEpochSecond(1_000_000_020L);
        long step = Totp.step(now);

        assertThat(Totp.matchingStep(RFC_SECRET, Totp.code(RFC_SECRET, step), now, step)).isEmpty();
        assertThat(Totp.matchingStep(RFC_SECRET, Totp.code(RFC_SECRET, step - 1), now, step - 1)).isEmpty();
    }

    @Test
    void refusesAnythingButSixDigits() {
        Instant now = Instant.ofEpochSecond(59);
        assertThat(Totp.matchingStep(RFC_SECRET, "28708", now, -1)).isEmpty();
        assertThat(Totp.matchingStep(RFC_SECRET, "2870822", now, -1)).isEmpty();
        assertThat(Totp.matchingStep(RFC_SECRET, "28708a", now, -1)).isEmpty();
        assertThat(Totp.matchingStep(RFC_SECRET, null, now, -1)).isEmpty();
        assertThat(Totp.matchingStep(RFC_SECRET, " 287082 ", now, -1)).isPresent();
    }
}
