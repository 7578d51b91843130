package dev.coffer.smtp;

import dev.coffer.store.Account;

/**
 * What limits submission (465/587) puts on an authenticated account, so that a stolen app
 * password cannot turn the server into a spam source.
 */
public interface SubmissionPolicy {

    /** A policy that admits everything (tests, and servers configured without limits). */
    SubmissionPolicy OPEN = new SubmissionPolicy() {
        @Override
        public Admission mailFrom(Account account) {
            return Admission.ADMITTED;
        }

        @Override
        public void accepted(Account account) {
            // nothing is counted
        }
    };

    /** At {@code MAIL FROM}, after authentication: whether this account may send another message now. */
    Admission mailFrom(Account account);

    /** Counts one message the server has taken responsibility for (after its 250). */
    void accepted(Account account);
}
