package dev.coffer.mailauth.dmarc;

import dev.coffer.mailauth.dkim.DkimResult;
import dev.coffer.mailauth.spf.SpfResult;
import java.util.List;
import java.util.Optional;

/** RFC 7489 §3.1 and §4.2: which authentication results count for DMARC, for one From domain. */
public final class AlignedResults {

    private AlignedResults() {}

    /**
     * The d= of the first DKIM pass aligned with {@code fromDomain}. A pass whose l= left part of the
     * body unsigned does not count: content may have been appended (RFC 6376 §8.2).
     */
    public static Optional<String> dkim(String fromDomain, Alignment alignment, List<DkimResult> results,
                                        PublicSuffixList suffixes) {
        if (results == null) {
            return Optional.empty();
        }
        for (DkimResult result : results) {
            if (result instanceof DkimResult.Pass pass && !pass.bodyLengthLimited()
                    && alignment.aligned(fromDomain, pass.domain(), suffixes)) {
                return Optional.of(pass.domain());
            }
        }
        return Optional.empty();
    }

    /** Whether SPF passed for a MAIL FROM (or HELO) domain aligned with {@code fromDomain} (§3.1.2). */
    public static boolean spf(String fromDomain, Alignment alignment, SpfResult spf, PublicSuffixList suffixes) {
        return spf != null && spf.code() == SpfResult.Code.PASS && spf.domain() != null
                && alignment.aligned(fromDomain, spf.domain(), suffixes);
    }
}
