package dev.coffer.jmap.submission;

import dev.coffer.queue.QueuedMessage;
import java.util.Optional;

/** Where a queued message stands, for deliveryStatus; the queue forgets a message once it is done. */
@FunctionalInterface
public interface QueueLookup {

    Optional<QueuedMessage> find(String queueId);
}
