package dev.coffer.smtp.policy;

import dev.coffer.smtp.Admission;
import dev.coffer.smtp.SubmissionPolicy;
import dev.coffer.store.Account;
import java.time.Duration;
import java.time.InstantSource;

/**
 * Submission's limit: messages per hour per authenticated account, whatever address it sends
 * as and wherever it connects from, so a hijacked account cannot flood the world through us.
 */
public final class AccountLimits implements SubmissionPolicy {

    private final SlidingWindowCounter perAccount;

    public AccountLimits(int messagesPerAccountPerHour, InstantSource clock) {
        this.perAccount = new SlidingWindowCounter(clock, Duration.ofHours(1), messagesPerAccountPerHour,
                InboundLimits.MAX_TRACKED_KEYS);
    }

    @Override
    public Admission mailFrom(Account account) {
        Duration wait = perAccount.wait(key(account));
        return wait.isPositive() ? new Admission.RateLimited("account", perAccount.limit(), wait) : Admission.ADMITTED;
    }

    @Override
    public void accepted(Account account) {
        perAccount.add(key(account));
    }

    private static String key(Account account) {
        return Long.toString(account.id());
    }
}
