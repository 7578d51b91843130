package dev.coffer.imap.command;

import dev.coffer.imap.ImapCommand;
import dev.coffer.imap.SelectedMailbox;
import dev.coffer.mailbox.MailboxException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** RFC 9051 §6.4.3 EXPUNGE, RFC 4315 UID EXPUNGE. */
public final class Expunge {

    private Expunge() {}

    public static void handle(ImapContext context, String tag, ImapCommand.Expunge expunge)
            throws IOException, MailboxException {
        SelectedMailbox selected = context.selected();
        if (selected.readOnly()) {
            context.out().tagged(tag, "NO", "READ-ONLY", "The mailbox is read-only");
            return;
        }
        Optional<List<Long>> uids = Optional.empty();
        if (expunge.uids().isPresent()) {
            List<Long> chosen = new ArrayList<>();
            for (int index : selected.resolve(expunge.uids().get(), true, context.savedUids())) {
                chosen.add(selected.get(index).uid());
            }
            uids = Optional.of(chosen);
        }
        List<Long> removed = uids.isPresent() && uids.get().isEmpty()
                ? List.of()
                : context.mailboxes().expunge(selected.info().id(), uids);
        context.announce(true);
        context.expunged(removed);
        context.ok(tag, expunge.verb() + " completed");
    }
}
