package dev.coffer.store;

import java.time.Instant;
import java.util.List;

/**
 * One message in the outbound queue: its envelope and delivery state. The message itself
 * is the (encrypted) blob {@code blobId}.
 *
 * @param reversePath empty for the null reverse-path
 * @param envelopeId  RFC 3461 ENVID, or null
 * @param attempts    delivery rounds made so far
 * @param delayWarned whether the sender has been told the message is delayed
 */
public record QueueEntry(
        String id, String reversePath, String blobId, long size, boolean requireTls, String envelopeId,
        Instant created, Instant nextAttempt, int attempts, boolean delayWarned, List<QueueRecipient> recipients) {

    public QueueEntry {
        recipients = List.copyOf(recipients);
    }

    public QueueEntry withState(Instant nextAttempt, int attempts, boolean delayWarned, List<QueueRecipient> recipients) {
        return new QueueEntry(id, reversePath, blobId, size, requireTls, envelopeId, created, nextAttempt, attempts,
                delayWarned, recipients);
    }
}
