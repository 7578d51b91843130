package dev.coffer.filter;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RuleHitTest {

    @Test
    void showsTheRuleAndItsPointsToOneDecimal() {
        assertThat(new RuleHit("MISSING_DATE", 1.4)).hasToString("MISSING_DATE(1.4)");
        assertThat(new RuleHit("DKIM_VALID", -0.1)).hasToString("DKIM_VALID(-0.1)");
        assertThat(new RuleHit("GTUBE", 1000.0)).hasToString("GTUBE(1000.0)");
    }

    @Test
    void writesScoresExactlyAsStringFormatDoes() {
        double[] samples = {0.0, -0.0, 0.05, 0.15, 0.25, -0.05, 1.4 + 0.5, 0.1 + 0.2, 2.0, 999_999.9, 1_000_000.0,
            1e12, -1e12, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.MIN_VALUE};
        for (double sample : samples) {
            assertThat(RuleHit.oneDecimal(sample)).as("%s", sample).isEqualTo(format(sample));
        }
        Random random = new Random(5322);
        for (int i = 0; i < 100_000; i++) {
            double tenths = (random.nextInt(200_001) - 100_000) / 10.0;
            double any = (random.nextDouble() - 0.5) * 2_000;
            assertThat(RuleHit.oneDecimal(tenths)).as("%s", tenths).isEqualTo(format(tenths));
            assertThat(RuleHit.oneDecimal(any)).as("%s", any).isEqualTo(format(any));
        }
    }

    private static String format(double score) {
        return String.format(Locale.ROOT, "%.1f", score);
    }
}
