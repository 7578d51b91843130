package dev.coffer.jmap.submission;

import dev.coffer.store.Account;
import java.util.Optional;

/** The thread of an Email (RFC 8621 §3): an EmailSubmission names it; the JMAP mail layer knows it. */
@FunctionalInterface
public interface EmailThreads {

    /** The threadId of the account's Email {@code emailId}, or empty when there is no such Email. */
    Optional<String> threadId(Account account, String emailId);
}
