package dev.coffer.jmap;

import java.util.Set;

/**
 * Where data types report that their state moved, so that the push channel (RFC 8620 §7)
 * tells the account's connected clients. Mailbox and Email changes arrive from the mailbox
 * service's events; other types (Identity, VacationResponse, EmailSubmission) call this.
 */
public interface StateChanges {

    void changed(long accountId, Set<String> dataTypes);
}
