package dev.coffer.filter;

import java.util.Locale;

/** One spam rule that matched, with the points it adds; the name goes into logs and X-Spam-Status reasons. */
public record RuleHit(String rule, double score) {

    /** Scores of this many tenths or more are left to {@link String#format}. */
    private static final long MAX_PLAIN_TENTHS = 10_000_000;

    @Override
    public String toString() {
        return rule + "(" + oneDecimal(score) + ")";
    }

    /**
     * {@code String.format(Locale.ROOT, "%.1f", score)}; written out directly when the score is a
     * whole number of tenths (every rule weight is), which is most of the cost of a verdict's reasons.
     */
    static String oneDecimal(double score) {
        long tenths = Math.round(score * 10);
        boolean negativeZero = Double.doubleToRawLongBits(score) == Double.doubleToRawLongBits(-0.0);
        if (tenths / 10.0 != score || Math.abs(tenths) >= MAX_PLAIN_TENTHS || negativeZero) {
            return String.format(Locale.ROOT, "%.1f", score);
        }
        long magnitude = Math.abs(tenths);
        return (tenths < 0 ? "-" : "") + magnitude / 10 + "." + magnitude % 10;
    }
}
