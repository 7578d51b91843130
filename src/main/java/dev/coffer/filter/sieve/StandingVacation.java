package dev.coffer.filter.sieve;

import dev.coffer.store.Account;
import java.time.Instant;
import java.util.Optional;

/**
 * A vacation reply that holds without a script: the account's JMAP VacationResponse (RFC 8621
 * §8). Delivery answers it with the same responder as the Sieve {@code vacation} action, so the
 * RFC 3834 and RFC 5230 rules and the memory of whom it answered are shared.
 */
@FunctionalInterface
public interface StandingVacation {

    StandingVacation NONE = (account, now) -> Optional.empty();

    /** The reply in force for the account at {@code now}, if any. */
    Optional<Notice> active(Account account, Instant now);

    /**
     * @param subject  empty for the default ("Auto: " and the original subject, RFC 5230 §5.2)
     * @param textBody the plain-text body, null when there is only an HTML one
     * @param htmlBody the HTML body, or null
     * @param days     no second reply to the same sender within this many days (RFC 5230 §4.1)
     */
    record Notice(Optional<String> subject, String textBody, String htmlBody, int days) {}
}
