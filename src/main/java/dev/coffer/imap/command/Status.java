package dev.coffer.imap.command;

import dev.coffer.imap.ImapCommand;
import dev.coffer.mailbox.MailboxException;
import dev.coffer.mailbox.MailboxInfo;
import dev.coffer.mailbox.MailboxStatus;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** STATUS: RFC 9051 §6.3.11 with RFC 8438 SIZE and RFC 7162 HIGHESTMODSEQ. */
public final class Status {

    private Status() {}

    public static void handle(ImapContext context, String tag, ImapCommand.Status status)
            throws IOException, MailboxException {
        Optional<MailboxInfo> found = context.mailboxes().find(context.account().id(), context.name(status.mailbox()));
        if (found.isEmpty()) {
            context.out().tagged(tag, "NO", "NONEXISTENT", "No such mailbox");
            return;
        }
        context.out().untagged(statusLine(context, found.get(), status.items()));
        context.announce(true);
        context.ok(tag, "STATUS completed");
    }

    /** {@code STATUS name (item value ...)}, also sent by RFC 5819 LIST-STATUS. */
    static String statusLine(ImapContext context, MailboxInfo info, List<String> items) throws MailboxException {
        MailboxStatus status = context.mailboxes().status(info.id());
        List<String> parts = new ArrayList<>();
        for (String item : items) {
            parts.add(item + " " + switch (item) {
                case "MESSAGES" -> status.messages();
                case "UIDNEXT" -> status.uidNext();
                case "UIDVALIDITY" -> status.uidValidity();
                case "UNSEEN" -> status.unseen();
                case "DELETED" -> status.deleted();
                case "SIZE" -> status.size();
                case "HIGHESTMODSEQ" -> status.highestModseq();
                case "APPENDLIMIT" -> context.mailboxes().appendLimit();
                default -> 0L; // RECENT: RFC 9051 keeps no recent messages
            });
        }
        return "STATUS " + context.wire(info.name()) + " (" + String.join(" ", parts) + ")";
    }
}
