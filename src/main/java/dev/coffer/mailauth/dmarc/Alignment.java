package dev.coffer.mailauth.dmarc;

/** RFC 7489 §3.1: how closely an authenticated domain must match the RFC5322.From domain. */
public enum Alignment {
    /** {@code r}: the same Organizational Domain (§3.1.1, §3.1.2). */
    RELAXED("r"),
    /** {@code s}: exactly the same domain. */
    STRICT("s");

    private final String tagValue;

    Alignment(String tagValue) {
        this.tagValue = tagValue;
    }

    /** The value of the adkim= and aspf= tags (RFC 7489 §6.3). */
    public String tagValue() {
        return tagValue;
    }

    /** Whether {@code authenticated} (DKIM d=, SPF MAIL FROM domain) is aligned with {@code fromDomain}. */
    public boolean aligned(String fromDomain, String authenticated, PublicSuffixList suffixes) {
        String from = PublicSuffixList.normalise(fromDomain);
        String auth = PublicSuffixList.normalise(authenticated);
        if (from.isEmpty() || auth.isEmpty()) {
            return false;
        }
        if (from.equals(auth)) {
            return true;
        }
        return this == RELAXED
                && suffixes.organizationalDomain(from).equals(suffixes.organizationalDomain(auth));
    }

    static Alignment fromTagValue(String value) throws DmarcRecordException {
        for (Alignment alignment : values()) {
            if (alignment.tagValue.equals(value)) {
                return alignment;
            }
        }
        throw new DmarcRecordException("the alignment mode \"" + value + "\" is neither r nor s");
    }
}
