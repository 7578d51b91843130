package dev.coffer.imap.command;

import dev.coffer.imap.FetchResponder;
import dev.coffer.imap.ImapCommand;
import dev.coffer.imap.ImapWriter;
import dev.coffer.imap.SelectedMailbox;
import dev.coffer.imap.SequenceSet;
import dev.coffer.mailbox.MailboxException;
import dev.coffer.mailbox.MailboxInfo;
import dev.coffer.mailbox.MailboxService;
import dev.coffer.mailbox.MailboxStatus;
import dev.coffer.mailbox.MessageInfo;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** SELECT and EXAMINE: RFC 9051 §6.3.2/§6.3.3 with RFC 7162 CONDSTORE and QRESYNC. */
public final class Select {

    private Select() {}

    public static void handle(ImapContext context, String tag, ImapCommand.Select select)
            throws IOException, MailboxException {
        ImapWriter out = context.out();
        MailboxService mailboxes = context.mailboxes();
        EnabledExtensions extensions = context.extensions();
        if (select.qresync().isPresent() && !extensions.qresync()) {
            context.bad(tag, "Enable QRESYNC first");
            return;
        }
        if (context.selected() != null) {
            context.deselect(true);
        }
        Optional<MailboxInfo> found = mailboxes.find(context.account().id(), context.name(select.mailbox()));
        if (found.isEmpty()) {
            out.tagged(tag, "NO", "NONEXISTENT", "No such mailbox");
            return;
        }
        if (select.condstore()) {
            extensions.enableCondstore();
        }
        MailboxInfo info = found.get();
        MailboxService.Subscription subscription = context.listen(info.id());
        List<MessageInfo> messages;
        MailboxStatus status;
        try {
            status = mailboxes.status(info.id());
            messages = mailboxes.messages(info.id());
        } catch (MailboxException | RuntimeException e) {
            subscription.close();
            throw e;
        }
        long highest = status.highestModseq();
        for (MessageInfo message : messages) {
            highest = Math.max(highest, message.modseq());
        }
        SelectedMailbox selected = new SelectedMailbox(info, select.readOnly(), messages, highest, subscription);
        context.select(selected);
        out.untagged("FLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft)");
        out.untagged("OK [PERMANENTFLAGS " + (select.readOnly() ? "()" : "(\\Answered \\Flagged \\Deleted \\Seen \\Draft \\*)")
                + "] Flags permitted");
        out.untagged(messages.size() + " EXISTS");
        if (!extensions.rev2()) {
            out.untagged("0 RECENT");
        }
        out.untagged("OK [UIDVALIDITY " + info.uidValidity() + "] UIDs valid");
        out.untagged("OK [UIDNEXT " + Math.max(status.uidNext(), selected.largestUid() + 1) + "] Predicted next UID");
        out.untagged("OK [HIGHESTMODSEQ " + highest + "] Highest");
        if (extensions.rev2()) {
            // RFC 9051 §6.3.2: the mailbox's name as the server knows it
            out.untagged("LIST (" + (info.specialUse() == null ? "" : info.specialUse()) + ") \"/\" "
                    + context.wire(info.name()));
        }
        if (select.qresync().isPresent() && select.qresync().get().uidValidity() == info.uidValidity()) {
            resync(context, selected, select.qresync().get());
        }
        context.ok(tag, "[" + (select.readOnly() ? "READ-ONLY" : "READ-WRITE") + "] " + select.verb() + " completed");
    }

    /** RFC 7162 §3.2.5.1: what changed since the client's MODSEQ. */
    private static void resync(ImapContext context, SelectedMailbox selected, ImapCommand.Qresync parameters)
            throws IOException {
        MailboxService mailboxes = context.mailboxes();
        long largest = selected.largestUid();
        List<Long> vanished = new ArrayList<>();
        for (long uid : mailboxes.expungedSince(selected.info().id(), parameters.modseq())) {
            if (parameters.knownUids().isEmpty() || parameters.knownUids().get().contains(uid, Math.max(largest, uid))) {
                vanished.add(uid);
            }
        }
        if (!vanished.isEmpty()) {
            context.out().untagged("VANISHED (EARLIER) " + SequenceSet.format(vanished));
        }
        for (MessageInfo changed : mailboxes.changedSince(selected.info().id(), parameters.modseq())) {
            int index = selected.indexOf(changed.uid());
            if (index >= 0) {
                MessageInfo current = selected.get(index);
                context.out().untagged((index + 1) + " FETCH (UID " + current.uid() + " FLAGS "
                        + FetchResponder.flags(current) + " MODSEQ (" + current.modseq() + "))");
            }
        }
    }
}
