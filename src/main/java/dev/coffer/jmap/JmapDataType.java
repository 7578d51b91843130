package dev.coffer.jmap;

import dev.coffer.store.Account;

/**
 * A JMAP data type (Mailbox, Email, Thread, Identity, EmailSubmission, VacationResponse …)
 * and its current state string (RFC 8620 §1.2, §5.1): what {@code /get} returns as
 * {@code state}, and what a push StateChange (§7.1) carries.
 */
public interface JmapDataType {

    /** The type name, e.g. {@code Email}. */
    String name();

    /** The current state of this type for the account; it changes whenever an object of the type does. */
    String state(Account account);
}
