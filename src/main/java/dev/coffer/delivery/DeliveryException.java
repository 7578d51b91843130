package dev.coffer.delivery;

/**
 * A delivery that cannot complete. Temporary failures ask the sender to retry (SMTP 4xx);
 * permanent ones refuse the message (5xx). Nothing is stored in either case.
 */
public final class DeliveryException extends Exception {

    private final boolean temporary;
    private final int replyCode;
    private final String enhancedCode;

    private DeliveryException(boolean temporary, int replyCode, String enhancedCode, String reason, Throwable cause) {
        super(reason, cause);
        this.temporary = temporary;
        this.replyCode = replyCode;
        this.enhancedCode = enhancedCode;
    }

    public static DeliveryException temporary(String enhancedCode, String reason, Throwable cause) {
        return new DeliveryException(true, 451, enhancedCode, reason, cause);
    }

    public static DeliveryException permanent(int replyCode, String enhancedCode, String reason) {
        return new DeliveryException(false, replyCode, enhancedCode, reason, null);
    }

    public boolean isTemporary() {
        return temporary;
    }

    public int replyCode() {
        return replyCode;
    }

    public String enhancedCode() {
        return enhancedCode;
    }
}
