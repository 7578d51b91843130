package dev.coffer.queue;

/** Where submitted mail for remote recipients waits until it is delivered or bounced. */
public interface OutboundQueue {

    /** Persists the message (encrypted at rest) and returns its queue id once durable. */
    String enqueue(OutboundMessage message) throws QueueException;
}
