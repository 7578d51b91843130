package dev.coffer.smtp;

/** What became of a message handed to {@link InboundMail#deliver}. */
public sealed interface DeliveryOutcome {

    /** Durably stored for every recipient; the SMTP server answers 250. */
    record Delivered(String queueId) implements DeliveryOutcome {}

    /** Nothing was stored; the client should try again later (4xx). */
    record TemporaryFailure(String enhancedCode, String reason) implements DeliveryOutcome {}

    /** Nothing was stored and retrying will not help (5xx). */
    record PermanentFailure(int replyCode, String enhancedCode, String reason) implements DeliveryOutcome {}
}
