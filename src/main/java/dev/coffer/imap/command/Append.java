package dev.coffer.imap.command;

import dev.coffer.imap.ImapCommand;
import dev.coffer.mailbox.AppendResult;
import dev.coffer.mailbox.MailboxException;
import dev.coffer.mailbox.MailboxInfo;
import dev.coffer.mailbox.MailboxService;
import java.io.IOException;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;

/** APPEND: RFC 9051 §6.3.12 with RFC 4315 APPENDUID and RFC 7889 APPENDLIMIT. */
public final class Append {

    private Append() {}

    public static void handle(ImapContext context, String tag, ImapCommand.Append append)
            throws IOException, MailboxException {
        MailboxService mailboxes = context.mailboxes();
        Optional<MailboxInfo> target = mailboxes.find(context.account().id(), context.name(append.mailbox()));
        if (target.isEmpty()) {
            context.out().tagged(tag, "NO", "TRYCREATE", "No such mailbox; create it first");
            return;
        }
        if (append.message().length > mailboxes.appendLimit()) {
            context.out().tagged(tag, "NO", "TOOBIG",
                    "Message too big: the limit is " + mailboxes.appendLimit() + " octets");
            return;
        }
        Set<String> flags = new LinkedHashSet<>();
        for (String flag : append.flags()) {
            if (flag.startsWith("\\") && !Flags.SYSTEM.contains(Flags.capitalized(flag))) {
                continue; // \Recent and unknown system flags cannot be set
            }
            flags.add(flag.startsWith("\\") ? Flags.capitalized(flag) : flag);
        }
        Instant date = append.internalDate().map(d -> d.toInstant()).orElseGet(Instant::now);
        AppendResult result = mailboxes.append(context.account(), target.get().id(), append.message(), flags, date);
        context.announce(true);
        context.ok(tag, "[APPENDUID " + result.uidValidity() + " " + result.uid() + "] APPEND completed");
    }
}
