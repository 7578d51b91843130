package dev.coffer.imap;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * SEARCH and UID SEARCH arguments (RFC 9051 §6.4.4): RFC 4731 RETURN options, CHARSET and
 * the search keys, nested at most 100 deep.
 */
final class SearchParser {

    private SearchParser() {}

    /** RFC 9051 §6.4.4 with RFC 4731 ESEARCH RETURN options. */
    static ImapCommand search(ImapTokenizer in, boolean uid) throws ImapSyntaxException {
        in.sp();
        Set<String> returns = null;
        String charset = null;
        if (in.peekWord("RETURN")) {
            in.atom();
            in.sp();
            in.expect('(');
            returns = new LinkedHashSet<>();
            while (in.peek() != ')') {
                String option = in.atom().toUpperCase(Locale.ROOT);
                if (!Set.of("MIN", "MAX", "ALL", "COUNT", "SAVE").contains(option)) {
                    throw in.error("Unknown SEARCH return option " + option);
                }
                returns.add(option);
                if (in.peek() == ' ') {
                    in.sp();
                }
            }
            in.expect(')');
            in.sp();
        }
        if (in.peekWord("CHARSET")) {
            in.atom();
            in.sp();
            charset = in.astring().toUpperCase(Locale.ROOT);
            in.sp();
        }
        List<SearchKey> keys = new ArrayList<>();
        keys.add(searchKey(in, 0));
        while (in.peek() == ' ') {
            in.sp();
            keys.add(searchKey(in, 0));
        }
        SearchKey key = keys.size() == 1 ? keys.getFirst() : new SearchKey.And(List.copyOf(keys));
        return in.end(new ImapCommand.Search(uid, returns, charset, key));
    }

    private static SearchKey searchKey(ImapTokenizer in, int depth) throws ImapSyntaxException {
        if (depth > 100) {
            throw in.error("Search criteria nested too deeply");
        }
        if (in.peek() == '(') {
            in.expect('(');
            List<SearchKey> keys = new ArrayList<>();
            keys.add(searchKey(in, depth + 1));
            while (in.peek() == ' ') {
                in.sp();
                keys.add(searchKey(in, depth + 1));
            }
            in.expect(')');
            return keys.size() == 1 ? keys.getFirst() : new SearchKey.And(List.copyOf(keys));
        }
        if (ImapTokenizer.isDigit(in.peek()) || in.peek() == '*' || in.peek() == '$') {
            return new SearchKey.Sequence(in.sequenceSet());
        }
        String word = in.atom().toUpperCase(Locale.ROOT);
        return switch (word) {
            case "ALL" -> new SearchKey.All();
            case "ANSWERED", "DELETED", "DRAFT", "FLAGGED", "SEEN" -> new SearchKey.Flag(systemFlag(word), true);
            case "UNANSWERED", "UNDELETED", "UNDRAFT", "UNFLAGGED", "UNSEEN" ->
                    new SearchKey.Flag(systemFlag(word.substring(2)), false);
            case "KEYWORD", "UNKEYWORD" -> {
                in.sp();
                yield new SearchKey.Flag(in.atom(), word.equals("KEYWORD"));
            }
            case "NEW" -> new SearchKey.Recent(true); // RFC 9051: no message is recent, so none is new
            case "OLD" -> new SearchKey.All();
            case "RECENT" -> new SearchKey.Recent(true);
            case "LARGER", "SMALLER" -> {
                in.sp();
                yield new SearchKey.Size(word.equals("LARGER"), in.number());
            }
            case "BEFORE", "ON", "SINCE", "SENTBEFORE", "SENTON", "SENTSINCE" -> {
                in.sp();
                boolean sent = word.startsWith("SENT");
                SearchKey.Comparison comparison = SearchKey.Comparison.valueOf(sent ? word.substring(4) : word);
                yield new SearchKey.Date(sent, comparison, in.date());
            }
            case "FROM", "TO", "CC", "BCC" -> {
                in.sp();
                yield new SearchKey.Header(word.toLowerCase(Locale.ROOT), in.astring());
            }
            case "HEADER" -> {
                in.sp();
                String field = in.astring().toLowerCase(Locale.ROOT);
                in.sp();
                yield new SearchKey.Header(field, in.astring());
            }
            case "SUBJECT", "BODY", "TEXT" -> {
                in.sp();
                in.astring();
                yield new SearchKey.Encrypted(word);
            }
            case "UID" -> {
                in.sp();
                yield new SearchKey.Uid(in.sequenceSet());
            }
            case "NOT" -> {
                in.sp();
                yield new SearchKey.Not(searchKey(in, depth + 1));
            }
            case "OR" -> {
                in.sp();
                SearchKey left = searchKey(in, depth + 1);
                in.sp();
                yield new SearchKey.Or(left, searchKey(in, depth + 1));
            }
            case "MODSEQ" -> {
                in.sp();
                if (in.peek() == '"') {
                    // RFC 7162 entry-name and entry-type-req: accepted and ignored
                    in.quoted();
                    in.sp();
                    in.atom();
                    in.sp();
                }
                yield new SearchKey.ModSeq(in.number());
            }
            default -> throw in.error("Unknown search key " + word);
        };
    }

    private static String systemFlag(String word) {
        return "\\" + word.charAt(0) + word.substring(1).toLowerCase(Locale.ROOT);
    }
}
