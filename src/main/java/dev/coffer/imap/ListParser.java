package dev.coffer.imap;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * LIST, LSUB and STATUS arguments: mailbox patterns with RFC 5258 LIST-EXTENDED selection and
 * return options, and the status items RFC 5819 LIST-STATUS shares with STATUS.
 */
final class ListParser {

    private ListParser() {}

    /** RFC 9051 §6.3.9 with RFC 5258 LIST-EXTENDED and RFC 5819 LIST-STATUS. */
    static ImapCommand list(ImapTokenizer in) throws ImapSyntaxException {
        in.sp();
        Set<String> selection = new LinkedHashSet<>();
        boolean extended = false;
        if (in.peek() == '(') {
            extended = true;
            in.expect('(');
            while (in.peek() != ')') {
                selection.add(in.atom().toUpperCase(Locale.ROOT));
                if (in.peek() == ' ') {
                    in.sp();
                }
            }
            in.expect(')');
            in.sp();
        }
        String reference = in.mailbox();
        in.sp();
        List<String> patterns = new ArrayList<>();
        if (in.peek() == '(') {
            extended = true;
            in.expect('(');
            patterns.add(in.listMailbox());
            while (in.peek() == ' ') {
                in.sp();
                patterns.add(in.listMailbox());
            }
            in.expect(')');
        } else {
            patterns.add(in.listMailbox());
        }
        Set<String> returns = new LinkedHashSet<>();
        List<String> statusItems = new ArrayList<>();
        if (in.peek() == ' ') {
            in.sp();
            String word = in.atom().toUpperCase(Locale.ROOT);
            if (!word.equals("RETURN")) {
                throw in.error("Expected RETURN after the LIST patterns");
            }
            extended = true;
            in.sp();
            in.expect('(');
            while (in.peek() != ')') {
                String option = in.atom().toUpperCase(Locale.ROOT);
                returns.add(option);
                if (option.equals("STATUS")) {
                    in.sp();
                    statusItems.addAll(statusItems(in));
                }
                if (in.peek() == ' ') {
                    in.sp();
                }
            }
            in.expect(')');
        }
        for (String option : selection) {
            if (!Set.of("SUBSCRIBED", "REMOTE", "RECURSIVEMATCH", "SPECIAL-USE").contains(option)) {
                throw in.error("Unknown LIST selection option " + option);
            }
        }
        if (selection.equals(Set.of("RECURSIVEMATCH"))) {
            // RFC 5258 §3.1: RECURSIVEMATCH alone is an error
            throw in.error("RECURSIVEMATCH needs another selection option");
        }
        return in.end(new ImapCommand.ListMailboxes(reference, List.copyOf(patterns), selection, returns,
                List.copyOf(statusItems), false, extended));
    }

    static ImapCommand lsub(ImapTokenizer in) throws ImapSyntaxException {
        in.sp();
        String reference = in.mailbox();
        in.sp();
        String pattern = in.listMailbox();
        return in.end(new ImapCommand.ListMailboxes(reference, List.of(pattern), Set.of(), Set.of(), List.of(), true,
                false));
    }

    /** RFC 9051 §6.3.11. */
    static ImapCommand status(ImapTokenizer in) throws ImapSyntaxException {
        in.sp();
        String mailbox = in.mailbox();
        in.sp();
        return in.end(new ImapCommand.Status(mailbox, statusItems(in)));
    }

    /** RFC 9051 status-att, also in RFC 5819 LIST-STATUS. */
    private static List<String> statusItems(ImapTokenizer in) throws ImapSyntaxException {
        in.expect('(');
        List<String> items = new ArrayList<>();
        do {
            if (!items.isEmpty()) {
                in.sp();
            }
            String item = in.atom().toUpperCase(Locale.ROOT);
            if (!Set.of("MESSAGES", "UIDNEXT", "UIDVALIDITY", "UNSEEN", "DELETED", "SIZE", "HIGHESTMODSEQ", "RECENT",
                    "APPENDLIMIT").contains(item)) {
                throw in.error("Unknown STATUS item " + item);
            }
            items.add(item);
        } while (in.peek() == ' ');
        in.expect(')');
        return List.copyOf(items);
    }
}
