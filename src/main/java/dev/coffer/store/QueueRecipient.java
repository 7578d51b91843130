package dev.coffer.store;

/**
 * One recipient of a queued message and where its delivery stands.
 *
 * @param position  the recipient's place in the envelope, stable across updates
 * @param attempts  delivery attempts made for this recipient
 * @param lastError the last reply or error text, null before the first failure
 * @param status    the RFC 3463 status code of the last result, null before the first attempt
 * @param remoteMta the MX host that gave the last result, null if none answered
 * @param notified  for a failed recipient: whether the sender has been sent a DSN for it
 */
public record QueueRecipient(
        int position, String address, State state, int attempts, String lastError, String status,
        String remoteMta, boolean notified) {

    public enum State { PENDING, DELIVERED, FAILED }

    public static QueueRecipient pending(int position, String address) {
        return new QueueRecipient(position, address, State.PENDING, 0, null, null, null, false);
    }
}
