package dev.coffer.queue;

/**
 * What became of one recipient in one delivery attempt.
 *
 * @param status     the RFC 3463 status code (from the reply, or ours)
 * @param diagnostic the remote reply ({@code smtp; 550 5.1.1 …}) or our own reason, for the DSN
 * @param remoteMta  the MX host that answered, or null if none did
 */
public record RecipientResult(String address, Outcome outcome, String status, String diagnostic, String remoteMta) {

    public enum Outcome { DELIVERED, DEFERRED, FAILED }

    public boolean isFinal() {
        return outcome != Outcome.DEFERRED;
    }
}
