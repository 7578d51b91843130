package dev.coffer.queue;

import dev.coffer.store.QueueRecipient;
import java.time.Instant;
import java.util.List;

/**
 * What an administrator sees of one queued message: the envelope and the delivery state,
 * never the content.
 *
 * @param reversePath empty for the null reverse-path
 * @param attempts    delivery rounds made so far
 */
public record QueuedMessage(
        String id, String reversePath, long size, boolean requireTls, Instant created, Instant nextAttempt,
        int attempts, List<QueueRecipient> recipients) {

    public QueuedMessage {
        recipients = List.copyOf(recipients);
    }

    /** The last error of any recipient still waiting or failed, or null. */
    public String lastError() {
        return recipients.stream()
                .filter(recipient -> recipient.state() != QueueRecipient.State.DELIVERED && recipient.lastError() != null)
                .map(QueueRecipient::lastError)
                .reduce((first, second) -> second)
                .orElse(null);
    }
}
