package dev.coffer.imap.command;

import dev.coffer.imap.FetchItem;
import dev.coffer.imap.FetchResponder;
import dev.coffer.imap.ImapCommand;
import dev.coffer.imap.ImapWriter;
import dev.coffer.imap.SelectedMailbox;
import dev.coffer.imap.SequenceSet;
import dev.coffer.mailbox.FlagOperation;
import dev.coffer.mailbox.FlagUpdate;
import dev.coffer.mailbox.MailboxException;
import dev.coffer.mailbox.MailboxService;
import dev.coffer.mailbox.MessageInfo;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;

/** FETCH and UID FETCH: RFC 9051 §6.4.5/§6.4.9 with RFC 7162 CHANGEDSINCE/VANISHED and RFC 3516 BINARY. */
public final class Fetch {

    private Fetch() {}

    public static void handle(ImapContext context, String tag, ImapCommand.Fetch fetch)
            throws IOException, MailboxException {
        ImapWriter out = context.out();
        MailboxService mailboxes = context.mailboxes();
        SelectedMailbox selected = context.selected();
        List<Integer> indexes = MessageSet.resolve(context, tag, fetch.set(), fetch.uid());
        if (indexes == null) {
            return;
        }
        List<FetchItem> items = new ArrayList<>(fetch.items());
        if (fetch.changedSince().isPresent() || items.stream().anyMatch(i -> i instanceof FetchItem.ModSeq)) {
            context.extensions().enableCondstore();
            if (items.stream().noneMatch(i -> i instanceof FetchItem.ModSeq)) {
                items.add(new FetchItem.ModSeq());
            }
        }
        if (fetch.uid() && items.stream().noneMatch(i -> i instanceof FetchItem.Uid)) {
            items.addFirst(new FetchItem.Uid());
        }
        if (fetch.vanished()) {
            if (!context.extensions().qresync()) {
                context.bad(tag, "Enable QRESYNC first");
                return;
            }
            long largest = selected.largestUid();
            List<Long> vanished = new ArrayList<>();
            for (long uid : mailboxes.expungedSince(selected.info().id(), fetch.changedSince().getAsLong())) {
                if (fetch.set().contains(uid, Math.max(largest, uid)) && selected.indexOf(uid) < 0) {
                    vanished.add(uid);
                }
            }
            if (!vanished.isEmpty()) {
                out.untagged("VANISHED (EARLIER) " + SequenceSet.format(vanished));
            }
        }
        boolean setsSeen = !selected.readOnly() && items.stream().anyMatch(item -> switch (item) {
            case FetchItem.Body body -> !body.peek();
            case FetchItem.Binary binary -> !binary.peek();
            case FetchItem.Rfc822 rfc822 -> !rfc822.part().equals("RFC822.HEADER");
            default -> false;
        });
        if (setsSeen) {
            // RFC 9051 §6.4.5: BODY[] without PEEK sets \Seen; the FETCH then reports the flags
            List<Long> unseen = new ArrayList<>();
            for (int index : indexes) {
                if (!selected.get(index).flags().contains("\\Seen")) {
                    unseen.add(selected.get(index).uid());
                }
            }
            if (!unseen.isEmpty()) {
                FlagUpdate update = mailboxes.storeFlags(selected.info().id(), unseen, FlagOperation.ADD,
                        Set.of("\\Seen"), OptionalLong.empty());
                for (MessageInfo message : update.changed()) {
                    int index = selected.indexOf(message.uid());
                    if (index >= 0) {
                        selected.set(index, message);
                    }
                }
                if (items.stream().noneMatch(i -> i instanceof FetchItem.Flags)) {
                    items.add(new FetchItem.Flags());
                }
            }
        }
        boolean missing = false;
        boolean utf8 = context.extensions().utf8Names();
        FetchResponder.Content content = FetchResponder.Content.of(mailboxes);
        for (int index : indexes) {
            MessageInfo message = selected.get(index);
            if (fetch.changedSince().isPresent() && message.modseq() <= fetch.changedSince().getAsLong()) {
                continue;
            }
            try {
                FetchResponder.respond(out, index + 1, message, items, content, context.envelopes(), utf8);
            } catch (MailboxException e) {
                if (e.reason() != MailboxException.Reason.NONEXISTENT) {
                    throw e;
                }
                missing = true;
            } catch (FetchResponder.UnknownEncodingException e) {
                out.tagged(tag, "NO", "UNKNOWN-CTE", e.getMessage());
                return;
            }
        }
        context.announce(fetch.uid());
        if (missing) {
            out.tagged(tag, "NO", "EXPUNGEISSUED", "Some of the messages were expunged meanwhile");
        } else {
            context.ok(tag, fetch.verb() + " completed");
        }
    }
}
