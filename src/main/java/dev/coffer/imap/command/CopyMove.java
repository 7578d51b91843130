package dev.coffer.imap.command;

import dev.coffer.imap.ImapCommand;
import dev.coffer.imap.ImapWriter;
import dev.coffer.imap.SelectedMailbox;
import dev.coffer.imap.SequenceSet;
import dev.coffer.mailbox.CopyResult;
import dev.coffer.mailbox.MailboxException;
import dev.coffer.mailbox.MailboxInfo;
import dev.coffer.mailbox.MailboxService;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** COPY and MOVE, with or without UID: RFC 9051 §6.4.7, RFC 6851 MOVE, RFC 4315 COPYUID. */
public final class CopyMove {

    private CopyMove() {}

    public static void handle(ImapContext context, String tag, ImapCommand.Copy copy)
            throws IOException, MailboxException {
        ImapWriter out = context.out();
        MailboxService mailboxes = context.mailboxes();
        SelectedMailbox selected = context.selected();
        List<Integer> indexes = MessageSet.resolve(context, tag, copy.set(), copy.uid());
        if (indexes == null) {
            return;
        }
        if (copy.move() && selected.readOnly()) {
            out.tagged(tag, "NO", "READ-ONLY", "The mailbox is read-only");
            return;
        }
        Optional<MailboxInfo> target = mailboxes.find(context.account().id(), context.name(copy.mailbox()));
        if (target.isEmpty()) {
            out.tagged(tag, "NO", "TRYCREATE", "No such mailbox; create it first");
            return;
        }
        List<Long> uids = new ArrayList<>();
        for (int index : indexes) {
            uids.add(selected.get(index).uid());
        }
        if (uids.isEmpty()) {
            context.announce(true);
            context.ok(tag, copy.verb() + " completed: no messages");
            return;
        }
        CopyResult result = copy.move()
                ? mailboxes.move(selected.info().id(), uids, target.get().id())
                : mailboxes.copy(selected.info().id(), uids, target.get().id());
        String copyUid = "COPYUID " + result.targetUidValidity() + " " + list(result.sourceUids()) + " "
                + list(result.targetUids());
        if (copy.move()) {
            // RFC 6851 §4.3: COPYUID in an untagged OK before the expunges
            out.untagged("OK [" + copyUid + "] Moved");
            context.announce(true);
            context.expunged(result.sourceUids());
            context.ok(tag, copy.verb() + " completed");
        } else {
            context.announce(true);
            context.ok(tag, "[" + copyUid + "] " + copy.verb() + " completed");
        }
    }

    private static String list(List<Long> numbers) {
        boolean ascending = true;
        for (int i = 1; i < numbers.size(); i++) {
            ascending &= numbers.get(i) > numbers.get(i - 1);
        }
        if (ascending) {
            return SequenceSet.format(numbers);
        }
        return String.join(",", numbers.stream().map(String::valueOf).toList());
    }
}
