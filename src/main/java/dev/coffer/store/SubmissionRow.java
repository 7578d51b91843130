package dev.coffer.store;

import java.time.Instant;

/**
 * The record of one message an account sent through JMAP (RFC 8621 §7). {@code envelope} and
 * {@code localRecipients} are opaque text (JSON from the JMAP layer); nothing of the message itself.
 *
 * @param queueId the outbound queue entry of its remote recipients, or null when all were local
 */
public record SubmissionRow(long id, long accountId, String identityId, String emailId, String threadId,
                            String envelope, Instant sendAt, String undoStatus, String queueId,
                            String localRecipients) {}
