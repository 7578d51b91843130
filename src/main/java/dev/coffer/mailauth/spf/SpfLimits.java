package dev.coffer.mailauth.spf;

import java.time.Duration;

/**
 * The processing limits of one SPF check, all in one place (RFC 7208 §4.6.4, §11.1).
 *
 * @param dnsMechanisms        include, a, mx, ptr, exists and redirect terms per check; one more
 *                             is a permerror (RFC 7208 §4.6.4: 10)
 * @param voidLookups          lookups of those terms that find no name or no records; one more is
 *                             a permerror (RFC 7208 §4.6.4: SHOULD limit to 2)
 * @param mxNames              MX records one "mx" mechanism may look at; more is a permerror
 *                             (RFC 7208 §4.6.4: 10)
 * @param ptrNames             PTR names one "ptr" mechanism or %{p} macro validates; the rest are
 *                             ignored (RFC 7208 §4.6.4: 10)
 * @param maxElapsed           wall-clock time for the whole check; past it the result is a
 *                             temperror (RFC 7208 §4.6.4: SHOULD allow at least 20 seconds)
 * @param maxExplanationLength characters kept of an explanation (ours: the domain's exp= text goes
 *                             into replies and headers, so it is bounded)
 */
public record SpfLimits(int dnsMechanisms, int voidLookups, int mxNames, int ptrNames,
                        Duration maxElapsed, int maxExplanationLength) {

    /** The limits RFC 7208 §4.6.4 sets or recommends. */
    public static final SpfLimits RFC_7208 = new SpfLimits(10, 2, 10, 10, Duration.ofSeconds(20), 512);

    public SpfLimits {
        if (dnsMechanisms < 0 || voidLookups < 0 || mxNames < 0 || ptrNames < 0 || maxExplanationLength < 1) {
            throw new IllegalArgumentException("SPF limits must not be negative");
        }
        if (maxElapsed.isNegative() || maxElapsed.isZero()) {
            throw new IllegalArgumentException("the SPF time limit must be positive");
        }
    }
}
