package dev.coffer.jmap.mail;

import dev.coffer.jmap.JmapLimits;
import dev.coffer.jmap.StateChanges;
import dev.coffer.jmap.Uploads;
import dev.coffer.mailbox.MailboxService;
import java.util.Set;

/** What the mail methods share: the mailbox service, the limits, held uploads and imports, the push hub. */
record MailContext(MailboxService mailboxes, JmapLimits limits, Uploads uploads, HeldMessages held,
                   StateChanges changes) {

    static final String MAIL = "urn:ietf:params:jmap:mail";

    /** Tells push clients that mail changed; mailbox events do too, this covers what they miss. */
    void changed(long accountId) {
        changes.changed(accountId, Set.of("Mailbox", "Email", "Thread"));
    }
}
