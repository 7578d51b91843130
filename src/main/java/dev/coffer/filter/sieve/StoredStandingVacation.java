package dev.coffer.filter.sieve;

import dev.coffer.store.Account;
import dev.coffer.store.VacationResponseRow;
import dev.coffer.store.VacationResponseStore;
import java.time.Instant;
import java.util.Optional;

/** The vacation responses users set over JMAP, read from the store at delivery. */
public final class StoredStandingVacation implements StandingVacation {

    /** RFC 5230 §4.1's default for :days, and what RFC 3834 §2 asks of a responder: not every message. */
    public static final int REPLY_PERIOD_DAYS = 7;

    private final VacationResponseStore store;

    public StoredStandingVacation(VacationResponseStore store) {
        this.store = store;
    }

    @Override
    public Optional<Notice> active(Account account, Instant now) {
        VacationResponseRow response = store.find(account.id());
        if (!response.activeAt(now)) {
            return Optional.empty();
        }
        return Optional.of(new Notice(Optional.ofNullable(response.subject()), response.textBody(), response.htmlBody(),
                REPLY_PERIOD_DAYS));
    }
}
