package dev.coffer.mailauth.spf;

/**
 * The result of one SPF check (RFC 7208 §2.6).
 *
 * @param code        the result
 * @param domain      the domain whose policy was checked: the MAIL FROM domain, or the HELO
 *                    name for the null reverse-path (RFC 7208 §2.4)
 * @param explanation why, for logs and Authentication-Results comments; never message content
 */
public record SpfResult(Code code, String domain, String explanation) {

    /** RFC 7208 §2.6, with the keywords of RFC 8601 §2.7.2. */
    public enum Code {
        NONE, NEUTRAL, PASS, FAIL, SOFTFAIL, TEMPERROR, PERMERROR;

        public String keyword() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }
}
