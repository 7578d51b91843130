package dev.coffer.store;

import java.time.Instant;

/**
 * An account's standing vacation response (RFC 8621 §8): a user setting the server reads at
 * delivery, stored readable like a Sieve script (it is not mail).
 *
 * @param fromDate null for "from now"; {@code toDate} null for "until switched off"
 * @param subject  null for the default ("Auto: " and the original subject)
 */
public record VacationResponseRow(long accountId, boolean enabled, Instant fromDate, Instant toDate, String subject,
                                  String textBody, String htmlBody) {

    public static VacationResponseRow disabled(long accountId) {
        return new VacationResponseRow(accountId, false, null, null, null, null, null);
    }

    /** Whether replies go out at {@code now}: enabled, and inside the dates that are set. */
    public boolean activeAt(Instant now) {
        return enabled && (fromDate == null || !now.isBefore(fromDate)) && (toDate == null || now.isBefore(toDate));
    }
}
