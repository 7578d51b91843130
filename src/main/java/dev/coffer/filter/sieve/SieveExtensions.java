package dev.coffer.filter.sieve;

import java.util.List;

/** The Sieve extensions this implementation supports, as named in "require" and in ManageSieve's SIEVE capability. */
public final class SieveExtensions {

    /** RFC 5228 §2.7.3: both comparators are always available, but may also be required. */
    public static final List<String> SUPPORTED = List.of(
            "fileinto", "reject", "envelope", "vacation", "subaddress", "imap4flags", "copy", "mailbox", "body",
            "comparator-i;octet", "comparator-i;ascii-casemap");

    private SieveExtensions() {}

    /** The space-separated list of RFC 5804 §1.7 ("SIEVE" capability). */
    public static String capability() {
        return String.join(" ", SUPPORTED);
    }
}
