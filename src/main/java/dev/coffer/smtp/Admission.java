package dev.coffer.smtp;

import java.time.Duration;

/** Whether a client may go on with a message now, as a sending policy decides it before the data. */
public sealed interface Admission {

    /** Go on. */
    Admission ADMITTED = new Admitted();

    /** The client may go on. */
    record Admitted() implements Admission {}

    /**
     * Too many messages within the last hour; the client should retry later.
     *
     * @param scope      whose rate: {@code ip} (client address), {@code sender} (envelope sender) or {@code account}
     * @param limit      the messages per hour allowed for that scope
     * @param retryAfter how long until one more message would be within the limit
     */
    record RateLimited(String scope, int limit, Duration retryAfter) implements Admission {}

    /** RFC 6647: the (client network, sender, recipient) triplet is new; the client should retry after the delay. */
    record Greylisted(Duration retryAfter) implements Admission {}

    /** Whole seconds, rounded up, at least 1: what a reply tells the client to wait. */
    static long seconds(Duration wait) {
        return Math.max(1, (wait.toMillis() + 999) / 1000);
    }
}
