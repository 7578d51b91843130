package dev.coffer.mailauth.arc;

/**
 * The validation of a message's ARC chain (RFC 8617 §5.2), the {@code cv=} value.
 *
 * @param code      none (no ARC sets), pass, or fail
 * @param instances how many ARC sets the message carries (0 for none)
 * @param reason    why it failed, for logs and comments; empty on pass and none
 * @param oldestPass the authserv-id and results recorded by the first hop when the chain
 *                  passes (its ARC-Authentication-Results), or empty: DMARC may use them to
 *                  accept forwarded mail (RFC 8617 §7.2)
 */
public record ArcResult(Code code, int instances, String reason, String oldestPass) {

    public enum Code {
        NONE, PASS, FAIL;

        public String keyword() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public static ArcResult none() {
        return new ArcResult(Code.NONE, 0, "", "");
    }
}
