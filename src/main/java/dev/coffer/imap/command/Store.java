package dev.coffer.imap.command;

import dev.coffer.imap.FetchResponder;
import dev.coffer.imap.ImapCommand;
import dev.coffer.imap.ImapWriter;
import dev.coffer.imap.SelectedMailbox;
import dev.coffer.imap.SequenceSet;
import dev.coffer.mailbox.FlagUpdate;
import dev.coffer.mailbox.MailboxException;
import dev.coffer.mailbox.MessageInfo;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** STORE and UID STORE: RFC 9051 §6.4.6 with RFC 7162 UNCHANGEDSINCE. */
public final class Store {

    private Store() {}

    public static void handle(ImapContext context, String tag, ImapCommand.Store store)
            throws IOException, MailboxException {
        ImapWriter out = context.out();
        SelectedMailbox selected = context.selected();
        EnabledExtensions extensions = context.extensions();
        List<Integer> indexes = MessageSet.resolve(context, tag, store.set(), store.uid());
        if (indexes == null) {
            return;
        }
        if (selected.readOnly()) {
            out.tagged(tag, "NO", "READ-ONLY", "The mailbox is read-only");
            return;
        }
        Set<String> flags = new LinkedHashSet<>();
        for (String flag : store.flags()) {
            if (flag.startsWith("\\")) {
                String system = Flags.capitalized(flag);
                if (system.equals("\\Recent")) {
                    continue;
                }
                if (!Flags.SYSTEM.contains(system)) {
                    context.bad(tag, "Unknown system flag " + flag);
                    return;
                }
                flags.add(system);
            } else {
                flags.add(flag);
            }
        }
        if (store.unchangedSince().isPresent()) {
            extensions.enableCondstore();
        }
        List<Long> uids = new ArrayList<>();
        for (int index : indexes) {
            uids.add(selected.get(index).uid());
        }
        FlagUpdate update = uids.isEmpty()
                ? new FlagUpdate(List.of(), List.of())
                : context.mailboxes().storeFlags(selected.info().id(), uids, store.operation(), flags,
                        store.unchangedSince());
        boolean withUid = store.uid() || extensions.qresync();
        for (MessageInfo message : update.changed()) {
            int index = selected.indexOf(message.uid());
            if (index < 0) {
                continue;
            }
            MessageInfo before = selected.get(index);
            selected.set(index, message);
            if (!store.silent()) {
                out.untagged(FetchResponder.flagsUpdate(index + 1, message, withUid, extensions.condstore()));
            } else if (extensions.condstore() && message.modseq() != before.modseq()) {
                // RFC 7162 §3.1.3: with .SILENT the new MODSEQ is still reported
                out.untagged((index + 1) + " FETCH (" + (withUid ? "UID " + message.uid() + " " : "")
                        + "MODSEQ (" + message.modseq() + "))");
            }
        }
        context.announce(store.uid());
        if (!update.notModified().isEmpty()) {
            List<Long> numbers = new ArrayList<>();
            for (long uid : update.notModified()) {
                int index = selected.indexOf(uid);
                if (store.uid()) {
                    numbers.add(uid);
                } else if (index >= 0) {
                    numbers.add((long) index + 1);
                }
            }
            numbers.sort(null);
            context.ok(tag, "[MODIFIED " + SequenceSet.format(numbers) + "] Conditional STORE failed for some messages");
        } else {
            context.ok(tag, store.verb() + " completed");
        }
    }
}
