package dev.coffer.imap.command;

import dev.coffer.imap.ImapCommand;
import dev.coffer.imap.ImapWriter;
import dev.coffer.imap.SelectedMailbox;
import dev.coffer.imap.SequenceSet;
import dev.coffer.mailbox.MessageInfo;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** SEARCH and UID SEARCH: RFC 9051 §6.4.4 with RFC 4731 ESEARCH, RFC 5182 SEARCHRES, RFC 7162 MODSEQ. */
public final class Search {

    private Search() {}

    public static void handle(ImapContext context, String tag, ImapCommand.Search search) throws IOException {
        ImapWriter out = context.out();
        SelectedMailbox selected = context.selected();
        if (search.charset() != null && !search.charset().equals("UTF-8") && !search.charset().equals("US-ASCII")) {
            out.tagged(tag, "NO", "BADCHARSET (UTF-8 US-ASCII)", "Unsupported charset");
            return;
        }
        boolean modseq = SearchEvaluator.usesModseq(search.key());
        if (modseq) {
            context.extensions().enableCondstore();
        }
        SearchEvaluator evaluator = new SearchEvaluator(selected.size(), selected.largestUid(), context.savedUids());
        List<Long> numbers = new ArrayList<>();
        List<Long> uids = new ArrayList<>();
        long highest = 0;
        for (int i = 0; i < selected.size(); i++) {
            MessageInfo message = selected.get(i);
            if (evaluator.matches(search.key(), message, i + 1)) {
                numbers.add(search.uid() ? message.uid() : i + 1);
                uids.add(message.uid());
                highest = Math.max(highest, message.modseq());
            }
        }
        Set<String> options = search.returnOptions();
        if (options != null && options.contains("SAVE")) {
            context.saveUids(List.copyOf(uids));
        }
        if (options != null || context.extensions().rev2()) {
            Set<String> wanted = new LinkedHashSet<>(options == null ? Set.of() : options);
            boolean onlySave = wanted.equals(Set.of("SAVE"));
            wanted.remove("SAVE");
            if (wanted.isEmpty() && !onlySave) {
                wanted.add("ALL");
            }
            if (!onlySave) {
                StringBuilder response = new StringBuilder("ESEARCH (TAG " + ImapWriter.quotedText(tag) + ")");
                if (search.uid()) {
                    response.append(" UID");
                }
                if (wanted.contains("MIN") && !numbers.isEmpty()) {
                    response.append(" MIN ").append(numbers.getFirst());
                }
                if (wanted.contains("MAX") && !numbers.isEmpty()) {
                    response.append(" MAX ").append(numbers.getLast());
                }
                if (wanted.contains("COUNT")) {
                    response.append(" COUNT ").append(numbers.size());
                }
                if (wanted.contains("ALL") && !numbers.isEmpty()) {
                    response.append(" ALL ").append(SequenceSet.format(numbers));
                }
                if (modseq && !numbers.isEmpty()) {
                    response.append(" MODSEQ ").append(highest);
                }
                out.untagged(response.toString());
            }
        } else {
            StringBuilder response = new StringBuilder("SEARCH");
            for (long n : numbers) {
                response.append(' ').append(n);
            }
            if (modseq && !numbers.isEmpty()) {
                response.append(" (MODSEQ ").append(highest).append(')');
            }
            out.untagged(response.toString());
        }
        context.announce(search.uid());
        context.ok(tag, search.verb() + " completed");
    }
}
