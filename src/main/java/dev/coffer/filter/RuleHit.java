package dev.coffer.filter;

import java.util.Locale;

/** One spam rule that matched, with the points it adds; the name goes into logs and X-Spam-Status reasons. */
public record RuleHit(String rule, double score) {

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%s(%.1f)", rule, score);
    }
}
