package dev.coffer.imap.command;

import dev.coffer.imap.SelectedMailbox;
import dev.coffer.imap.SequenceSet;
import java.io.IOException;
import java.util.List;

/** The messages of the selected mailbox that a command's sequence set names. */
final class MessageSet {

    private MessageSet() {}

    /** The indexes in the selected view, ascending; null when the set was refused (already answered). */
    static List<Integer> resolve(ImapContext context, String tag, SequenceSet set, boolean uid) throws IOException {
        SelectedMailbox selected = context.selected();
        if (!uid && !set.saved() && !set.withinOrStar(selected.size())) {
            context.bad(tag, "Invalid message sequence number: the mailbox has " + selected.size() + " messages");
            return null;
        }
        return selected.resolve(set, uid, context.savedUids());
    }
}
