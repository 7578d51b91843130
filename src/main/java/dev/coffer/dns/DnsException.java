package dev.coffer.dns;

/**
 * A DNS lookup that failed; {@code temporary} when retrying later may succeed (SERVFAIL, timeout).
 * It carries no stack trace: the message says everything, and failing lookups can be frequent.
 */
public final class DnsException extends Exception {

    private final boolean temporary;
    private final boolean dnssecBogus;

    public DnsException(String message, boolean temporary) {
        this(message, temporary, false);
    }

    /**
     * @param dnssecBogus the answer failed DNSSEC validation (RFC 4033 §5 "bogus"); such a
     *        failure is temporary: RFC 7672 §2.2 says not to deliver, so the queue defers
     */
    public DnsException(String message, boolean temporary, boolean dnssecBogus) {
        super(message, null, false, false);
        this.temporary = temporary;
        this.dnssecBogus = dnssecBogus;
    }

    /** The same failure, for a new throw (a cached failure is thrown to many callers). */
    DnsException copy() {
        return new DnsException(getMessage(), temporary, dnssecBogus);
    }

    public boolean isTemporary() {
        return temporary;
    }

    /** The answer was signed but did not validate (bad signature, missing proof, broken chain). */
    public boolean isDnssecBogus() {
        return dnssecBogus;
    }
}
