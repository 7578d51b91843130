package dev.coffer.imap;

import dev.coffer.mailbox.FlagOperation;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Reads one complete command — the command line with any literals in place, exactly as
 * it came over the wire ({@code {n}CRLF} followed by n octets) — into an {@link ImapCommand}.
 * Pure: bytes in, a command or an {@link ImapSyntaxException} with a precise reason out.
 */
final class ImapParser {

    /** A parsed command with its tag. */
    record Request(String tag, ImapCommand command) {}

    private static final String[] MONTHS = {
        "JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"
    };

    private final byte[] input;
    private int position;
    private String tag;

    private ImapParser(byte[] input) {
        this.input = input;
    }

    static Request parse(byte[] command) throws ImapSyntaxException {
        return new ImapParser(command).request();
    }

    static Request parse(String command) throws ImapSyntaxException {
        return parse(command.getBytes(StandardCharsets.UTF_8));
    }

    /** The tag at the start of a line, or null: used to answer commands that never reach the parser. */
    static String tagOf(byte[] line) {
        int end = 0;
        while (end < line.length && line[end] != ' ' && isAstringChar(line[end]) && line[end] != '+') {
            end++;
        }
        if (end == 0 || (end < line.length && line[end] != ' ')) {
            return null;
        }
        return new String(line, 0, end, StandardCharsets.US_ASCII);
    }

    /** The command name after the tag (and after {@code UID}), upper case, or "" . */
    static String verbOf(byte[] line) {
        String text = new String(line, 0, Math.min(line.length, 64), StandardCharsets.US_ASCII);
        String[] words = text.split(" ", 4);
        if (words.length < 2) {
            return "";
        }
        String verb = words[1].toUpperCase(Locale.ROOT);
        if (verb.equals("UID") && words.length > 2) {
            verb = "UID " + words[2].toUpperCase(Locale.ROOT);
        }
        return verb;
    }

    // ---------------------------------------------------------------- commands

    private Request request() throws ImapSyntaxException {
        tag = tagOf(input);
        if (tag == null) {
            throw new ImapSyntaxException(null, "Missing or invalid tag");
        }
        position = tag.length();
        sp();
        String verb = atom().toUpperCase(Locale.ROOT);
        ImapCommand command = switch (verb) {
            case "CAPABILITY" -> end(new ImapCommand.Capability());
            case "NOOP" -> end(new ImapCommand.Noop());
            case "LOGOUT" -> end(new ImapCommand.Logout());
            case "STARTTLS" -> end(new ImapCommand.StartTls());
            case "CHECK" -> end(new ImapCommand.Check());
            case "CLOSE" -> end(new ImapCommand.Close());
            case "UNSELECT" -> end(new ImapCommand.Unselect());
            case "EXPUNGE" -> end(new ImapCommand.Expunge(Optional.empty()));
            case "IDLE" -> end(new ImapCommand.Idle());
            case "NAMESPACE" -> end(new ImapCommand.Namespace());
            case "COMPRESS" -> {
                sp();
                yield end(new ImapCommand.Compress(atom().toUpperCase(Locale.ROOT)));
            }
            case "LOGIN" -> {
                sp();
                String user = astring();
                sp();
                yield end(new ImapCommand.Login(user, astring()));
            }
            case "AUTHENTICATE" -> authenticate();
            case "ENABLE" -> enable();
            case "SELECT" -> select(false);
            case "EXAMINE" -> select(true);
            case "CREATE" -> create();
            case "DELETE" -> {
                sp();
                yield end(new ImapCommand.Delete(mailbox()));
            }
            case "RENAME" -> {
                sp();
                String from = mailbox();
                sp();
                yield end(new ImapCommand.Rename(from, mailbox()));
            }
            case "SUBSCRIBE", "UNSUBSCRIBE" -> {
                sp();
                yield end(new ImapCommand.Subscribe(mailbox(), verb.equals("SUBSCRIBE")));
            }
            case "LIST" -> list();
            case "LSUB" -> lsub();
            case "STATUS" -> status();
            case "APPEND" -> append();
            case "FETCH" -> fetch(false);
            case "STORE" -> store(false);
            case "COPY" -> copy(false, false);
            case "MOVE" -> copy(false, true);
            case "SEARCH" -> search(false);
            case "UID" -> uid();
            case "ID" -> id();
            case "GETQUOTA" -> {
                sp();
                yield end(new ImapCommand.GetQuota(astring()));
            }
            case "GETQUOTAROOT" -> {
                sp();
                yield end(new ImapCommand.GetQuotaRoot(mailbox()));
            }
            case "SETQUOTA" -> new ImapCommand.SetQuota();
            default -> throw error("Unknown command " + verb);
        };
        return new Request(tag, command);
    }

    private ImapCommand uid() throws ImapSyntaxException {
        sp();
        String verb = atom().toUpperCase(Locale.ROOT);
        return switch (verb) {
            case "FETCH" -> fetch(true);
            case "STORE" -> store(true);
            case "COPY" -> copy(true, false);
            case "MOVE" -> copy(true, true);
            case "SEARCH" -> search(true);
            case "EXPUNGE" -> {
                sp();
                yield end(new ImapCommand.Expunge(Optional.of(sequenceSet())));
            }
            default -> throw error("Unknown UID command " + verb);
        };
    }

    /** RFC 9051 §6.2.2 with RFC 4959 SASL-IR. */
    private ImapCommand authenticate() throws ImapSyntaxException {
        sp();
        String mechanism = atom().toUpperCase(Locale.ROOT);
        String initial = null;
        if (peek() == ' ') {
            sp();
            if (peek() == '=') {
                position++;
                initial = "";
            } else {
                int start = position;
                while (!atEnd() && isBase64(input[position])) {
                    position++;
                }
                if (start == position) {
                    throw error("Invalid initial response: expected base64 or =");
                }
                initial = ascii(start, position);
            }
        }
        return end(new ImapCommand.Authenticate(mechanism, initial));
    }

    private ImapCommand enable() throws ImapSyntaxException {
        List<String> capabilities = new ArrayList<>();
        do {
            sp();
            capabilities.add(atom().toUpperCase(Locale.ROOT));
        } while (peek() == ' ');
        return end(new ImapCommand.Enable(List.copyOf(capabilities)));
    }

    /** RFC 9051 §6.3.2 with RFC 7162 §3.1.8 CONDSTORE and §3.2.5 QRESYNC parameters. */
    private ImapCommand select(boolean readOnly) throws ImapSyntaxException {
        sp();
        String mailbox = mailbox();
        boolean condstore = false;
        Optional<ImapCommand.Qresync> qresync = Optional.empty();
        if (peek() == ' ') {
            sp();
            expect('(');
            while (peek() != ')') {
                String parameter = atom().toUpperCase(Locale.ROOT);
                switch (parameter) {
                    case "CONDSTORE" -> condstore = true;
                    case "QRESYNC" -> {
                        sp();
                        expect('(');
                        long uidValidity = nzNumber();
                        sp();
                        long modseq = number();
                        Optional<SequenceSet> known = Optional.empty();
                        if (peek() == ' ') {
                            sp();
                            if (peek() != '(') {
                                known = Optional.of(sequenceSet());
                            }
                            if (peek() == ' ') {
                                sp();
                            }
                            if (peek() == '(') {
                                // seq-match-data: accepted, not needed (we send VANISHED from the UID side)
                                expect('(');
                                sequenceSet();
                                sp();
                                sequenceSet();
                                expect(')');
                            }
                        }
                        expect(')');
                        qresync = Optional.of(new ImapCommand.Qresync(uidValidity, modseq, known));
                    }
                    default -> throw error("Unknown SELECT parameter " + parameter);
                }
                if (peek() == ' ') {
                    sp();
                }
            }
            expect(')');
        }
        return end(new ImapCommand.Select(mailbox, readOnly, condstore, qresync));
    }

    /** RFC 9051 §6.3.4 with RFC 6154 §3 USE. */
    private ImapCommand create() throws ImapSyntaxException {
        sp();
        String mailbox = mailbox();
        List<String> use = List.of();
        if (peek() == ' ') {
            sp();
            expect('(');
            String word = atom().toUpperCase(Locale.ROOT);
            if (!word.equals("USE")) {
                throw error("Unknown CREATE parameter " + word);
            }
            sp();
            use = flagList();
            expect(')');
        }
        return end(new ImapCommand.Create(mailbox, use));
    }

    /** RFC 9051 §6.3.9 with RFC 5258 LIST-EXTENDED and RFC 5819 LIST-STATUS. */
    private ImapCommand list() throws ImapSyntaxException {
        sp();
        Set<String> selection = new LinkedHashSet<>();
        boolean extended = false;
        if (peek() == '(') {
            extended = true;
            expect('(');
            while (peek() != ')') {
                selection.add(atom().toUpperCase(Locale.ROOT));
                if (peek() == ' ') {
                    sp();
                }
            }
            expect(')');
            sp();
        }
        String reference = mailbox();
        sp();
        List<String> patterns = new ArrayList<>();
        if (peek() == '(') {
            extended = true;
            expect('(');
            patterns.add(listMailbox());
            while (peek() == ' ') {
                sp();
                patterns.add(listMailbox());
            }
            expect(')');
        } else {
            patterns.add(listMailbox());
        }
        Set<String> returns = new LinkedHashSet<>();
        List<String> statusItems = new ArrayList<>();
        if (peek() == ' ') {
            sp();
            String word = atom().toUpperCase(Locale.ROOT);
            if (!word.equals("RETURN")) {
                throw error("Expected RETURN after the LIST patterns");
            }
            extended = true;
            sp();
            expect('(');
            while (peek() != ')') {
                String option = atom().toUpperCase(Locale.ROOT);
                returns.add(option);
                if (option.equals("STATUS")) {
                    sp();
                    statusItems.addAll(statusItems());
                }
                if (peek() == ' ') {
                    sp();
                }
            }
            expect(')');
        }
        for (String option : selection) {
            if (!Set.of("SUBSCRIBED", "REMOTE", "RECURSIVEMATCH", "SPECIAL-USE").contains(option)) {
                throw error("Unknown LIST selection option " + option);
            }
        }
        if (selection.equals(Set.of("RECURSIVEMATCH"))) {
            // RFC 5258 §3.1: RECURSIVEMATCH alone is an error
            throw error("RECURSIVEMATCH needs another selection option");
        }
        return end(new ImapCommand.ListMailboxes(reference, List.copyOf(patterns), selection, returns,
                List.copyOf(statusItems), false, extended));
    }

    private ImapCommand lsub() throws ImapSyntaxException {
        sp();
        String reference = mailbox();
        sp();
        String pattern = listMailbox();
        return end(new ImapCommand.ListMailboxes(reference, List.of(pattern), Set.of(), Set.of(), List.of(), true,
                false));
    }

    private ImapCommand status() throws ImapSyntaxException {
        sp();
        String mailbox = mailbox();
        sp();
        return end(new ImapCommand.Status(mailbox, statusItems()));
    }

    private List<String> statusItems() throws ImapSyntaxException {
        expect('(');
        List<String> items = new ArrayList<>();
        do {
            if (!items.isEmpty()) {
                sp();
            }
            String item = atom().toUpperCase(Locale.ROOT);
            if (!Set.of("MESSAGES", "UIDNEXT", "UIDVALIDITY", "UNSEEN", "DELETED", "SIZE", "HIGHESTMODSEQ", "RECENT",
                    "APPENDLIMIT").contains(item)) {
                throw error("Unknown STATUS item " + item);
            }
            items.add(item);
        } while (peek() == ' ');
        expect(')');
        return List.copyOf(items);
    }

    /** RFC 9051 §6.3.12. */
    private ImapCommand append() throws ImapSyntaxException {
        sp();
        String mailbox = mailbox();
        sp();
        List<String> flags = List.of();
        if (peek() == '(') {
            flags = flagList();
            sp();
        }
        Optional<ZonedDateTime> date = Optional.empty();
        if (peek() == '"') {
            date = Optional.of(dateTime());
            sp();
        }
        boolean utf8 = peekWord("UTF8");
        if (utf8) {
            // RFC 6855 §4: UTF8 (literal8), a message with UTF-8 headers
            atom();
            sp();
            expect('(');
        }
        if (peek() == '~') {
            // RFC 3516 literal8: a binary message
            position++;
        }
        if (peek() != '{') {
            throw error("Expected the message as a literal");
        }
        byte[] message = literal();
        if (utf8) {
            expect(')');
        }
        return end(new ImapCommand.Append(mailbox, flags, date, message));
    }

    /** RFC 9051 §6.4.5 with RFC 7162 CHANGEDSINCE and VANISHED modifiers. */
    private ImapCommand fetch(boolean uid) throws ImapSyntaxException {
        sp();
        SequenceSet set = sequenceSet();
        sp();
        List<FetchItem> items = new ArrayList<>();
        if (peek() == '(') {
            expect('(');
            items.addAll(fetchItem());
            while (peek() == ' ') {
                sp();
                items.addAll(fetchItem());
            }
            expect(')');
        } else {
            items.addAll(fetchItem());
        }
        OptionalLong changedSince = OptionalLong.empty();
        boolean vanished = false;
        if (peek() == ' ') {
            sp();
            expect('(');
            while (peek() != ')') {
                String modifier = atom().toUpperCase(Locale.ROOT);
                switch (modifier) {
                    case "CHANGEDSINCE" -> {
                        sp();
                        changedSince = OptionalLong.of(number());
                    }
                    case "VANISHED" -> vanished = true;
                    default -> throw error("Unknown FETCH modifier " + modifier);
                }
                if (peek() == ' ') {
                    sp();
                }
            }
            expect(')');
            if (vanished && (!uid || changedSince.isEmpty())) {
                // RFC 7162 §3.2.6
                throw error("VANISHED needs UID FETCH with CHANGEDSINCE");
            }
        }
        return end(new ImapCommand.Fetch(uid, set, List.copyOf(items), changedSince, vanished));
    }

    private List<FetchItem> fetchItem() throws ImapSyntaxException {
        int start = position;
        while (!atEnd() && peek() != ' ' && peek() != '(' && peek() != ')' && peek() != '[') {
            position++;
        }
        String name = ascii(start, position).toUpperCase(Locale.ROOT);
        return switch (name) {
            case "ALL" -> List.of(new FetchItem.Flags(), new FetchItem.InternalDate(), new FetchItem.Rfc822Size(),
                    new FetchItem.Envelope());
            case "FAST" -> List.of(new FetchItem.Flags(), new FetchItem.InternalDate(), new FetchItem.Rfc822Size());
            case "FULL" -> List.of(new FetchItem.Flags(), new FetchItem.InternalDate(), new FetchItem.Rfc822Size(),
                    new FetchItem.Envelope(), new FetchItem.Structure(false));
            case "FLAGS" -> List.of(new FetchItem.Flags());
            case "UID" -> List.of(new FetchItem.Uid());
            case "INTERNALDATE" -> List.of(new FetchItem.InternalDate());
            case "RFC822.SIZE" -> List.of(new FetchItem.Rfc822Size());
            case "ENVELOPE" -> List.of(new FetchItem.Envelope());
            case "BODYSTRUCTURE" -> List.of(new FetchItem.Structure(true));
            case "MODSEQ" -> List.of(new FetchItem.ModSeq());
            case "RFC822", "RFC822.HEADER", "RFC822.TEXT" -> List.of(new FetchItem.Rfc822(name));
            case "BODY", "BODY.PEEK" -> {
                if (peek() != '[') {
                    if (name.equals("BODY.PEEK")) {
                        throw error("BODY.PEEK needs a section");
                    }
                    yield List.of(new FetchItem.Structure(false));
                }
                FetchItem.Section section = section();
                long[] partial = partial();
                yield List.of(new FetchItem.Body(name.equals("BODY.PEEK"), section, partial[0], partial[1]));
            }
            case "BINARY", "BINARY.PEEK", "BINARY.SIZE" -> {
                expect('[');
                List<Integer> part = new ArrayList<>();
                while (peek() != ']') {
                    if (!part.isEmpty()) {
                        expect('.');
                    }
                    part.add((int) nzNumber());
                }
                expect(']');
                if (name.equals("BINARY.SIZE")) {
                    yield List.of(new FetchItem.BinarySize(List.copyOf(part)));
                }
                long[] partial = partial();
                yield List.of(new FetchItem.Binary(name.equals("BINARY.PEEK"), List.copyOf(part), partial[0],
                        partial[1]));
            }
            case "" -> throw error("Expected a FETCH item");
            default -> throw error("Unknown FETCH item " + name);
        };
    }

    private FetchItem.Section section() throws ImapSyntaxException {
        expect('[');
        List<Integer> part = new ArrayList<>();
        String text = null;
        List<String> fields = null;
        while (peek() != ']') {
            if (isDigit(peek())) {
                part.add((int) nzNumber());
                if (peek() == '.') {
                    position++;
                    continue;
                }
                break;
            }
            int start = position;
            while (!atEnd() && peek() != ']' && peek() != ' ') {
                position++;
            }
            text = ascii(start, position).toUpperCase(Locale.ROOT);
            switch (text) {
                case "HEADER", "TEXT" -> {}
                case "MIME" -> {
                    if (part.isEmpty()) {
                        throw error("MIME needs a part number");
                    }
                }
                case "HEADER.FIELDS", "HEADER.FIELDS.NOT" -> {
                    sp();
                    expect('(');
                    fields = new ArrayList<>();
                    fields.add(astring());
                    while (peek() == ' ') {
                        sp();
                        fields.add(astring());
                    }
                    expect(')');
                    fields = List.copyOf(fields);
                }
                default -> throw error("Unknown section " + text);
            }
            break;
        }
        expect(']');
        return new FetchItem.Section(List.copyOf(part), text, fields);
    }

    private long[] partial() throws ImapSyntaxException {
        if (peek() != '<') {
            return new long[] {0, -1};
        }
        position++;
        long start = number();
        expect('.');
        long length = nzNumber();
        expect('>');
        return new long[] {start, length};
    }

    /** RFC 9051 §6.4.6 with RFC 7162 UNCHANGEDSINCE. */
    private ImapCommand store(boolean uid) throws ImapSyntaxException {
        sp();
        SequenceSet set = sequenceSet();
        sp();
        OptionalLong unchangedSince = OptionalLong.empty();
        if (peek() == '(') {
            expect('(');
            String modifier = atom().toUpperCase(Locale.ROOT);
            if (!modifier.equals("UNCHANGEDSINCE")) {
                throw error("Unknown STORE modifier " + modifier);
            }
            sp();
            unchangedSince = OptionalLong.of(number());
            expect(')');
            sp();
        }
        String item = atom().toUpperCase(Locale.ROOT);
        FlagOperation operation = switch (item.startsWith("+") ? '+' : item.startsWith("-") ? '-' : ' ') {
            case '+' -> FlagOperation.ADD;
            case '-' -> FlagOperation.REMOVE;
            default -> FlagOperation.REPLACE;
        };
        String rest = operation == FlagOperation.REPLACE ? item : item.substring(1);
        boolean silent = rest.equals("FLAGS.SILENT");
        if (!silent && !rest.equals("FLAGS")) {
            throw error("Expected FLAGS, +FLAGS or -FLAGS (optionally .SILENT)");
        }
        sp();
        List<String> flags;
        if (peek() == '(') {
            flags = flagList();
        } else {
            flags = new ArrayList<>();
            flags.add(flag());
            while (peek() == ' ') {
                sp();
                flags.add(flag());
            }
        }
        return end(new ImapCommand.Store(uid, set, unchangedSince, operation, silent, List.copyOf(flags)));
    }

    private ImapCommand copy(boolean uid, boolean move) throws ImapSyntaxException {
        sp();
        SequenceSet set = sequenceSet();
        sp();
        return end(new ImapCommand.Copy(uid, set, mailbox(), move));
    }

    /** RFC 9051 §6.4.4 with RFC 4731 ESEARCH RETURN options. */
    private ImapCommand search(boolean uid) throws ImapSyntaxException {
        sp();
        Set<String> returns = null;
        String charset = null;
        if (peekWord("RETURN")) {
            atom();
            sp();
            expect('(');
            returns = new LinkedHashSet<>();
            while (peek() != ')') {
                String option = atom().toUpperCase(Locale.ROOT);
                if (!Set.of("MIN", "MAX", "ALL", "COUNT", "SAVE").contains(option)) {
                    throw error("Unknown SEARCH return option " + option);
                }
                returns.add(option);
                if (peek() == ' ') {
                    sp();
                }
            }
            expect(')');
            sp();
        }
        if (peekWord("CHARSET")) {
            atom();
            sp();
            charset = astring().toUpperCase(Locale.ROOT);
            sp();
        }
        List<SearchKey> keys = new ArrayList<>();
        keys.add(searchKey(0));
        while (peek() == ' ') {
            sp();
            keys.add(searchKey(0));
        }
        SearchKey key = keys.size() == 1 ? keys.getFirst() : new SearchKey.And(List.copyOf(keys));
        return end(new ImapCommand.Search(uid, returns, charset, key));
    }

    private SearchKey searchKey(int depth) throws ImapSyntaxException {
        if (depth > 100) {
            throw error("Search criteria nested too deeply");
        }
        if (peek() == '(') {
            expect('(');
            List<SearchKey> keys = new ArrayList<>();
            keys.add(searchKey(depth + 1));
            while (peek() == ' ') {
                sp();
                keys.add(searchKey(depth + 1));
            }
            expect(')');
            return keys.size() == 1 ? keys.getFirst() : new SearchKey.And(List.copyOf(keys));
        }
        if (isDigit(peek()) || peek() == '*' || peek() == '$') {
            return new SearchKey.Sequence(sequenceSet());
        }
        String word = atom().toUpperCase(Locale.ROOT);
        return switch (word) {
            case "ALL" -> new SearchKey.All();
            case "ANSWERED", "DELETED", "DRAFT", "FLAGGED", "SEEN" -> new SearchKey.Flag(systemFlag(word), true);
            case "UNANSWERED", "UNDELETED", "UNDRAFT", "UNFLAGGED", "UNSEEN" ->
                    new SearchKey.Flag(systemFlag(word.substring(2)), false);
            case "KEYWORD", "UNKEYWORD" -> {
                sp();
                yield new SearchKey.Flag(atom(), word.equals("KEYWORD"));
            }
            case "NEW" -> new SearchKey.Recent(true); // RFC 9051: no message is recent, so none is new
            case "OLD" -> new SearchKey.All();
            case "RECENT" -> new SearchKey.Recent(true);
            case "LARGER", "SMALLER" -> {
                sp();
                yield new SearchKey.Size(word.equals("LARGER"), number());
            }
            case "BEFORE", "ON", "SINCE", "SENTBEFORE", "SENTON", "SENTSINCE" -> {
                sp();
                boolean sent = word.startsWith("SENT");
                SearchKey.Comparison comparison = SearchKey.Comparison.valueOf(sent ? word.substring(4) : word);
                yield new SearchKey.Date(sent, comparison, date());
            }
            case "FROM", "TO", "CC", "BCC" -> {
                sp();
                yield new SearchKey.Header(word.toLowerCase(Locale.ROOT), astring());
            }
            case "HEADER" -> {
                sp();
                String field = astring().toLowerCase(Locale.ROOT);
                sp();
                yield new SearchKey.Header(field, astring());
            }
            case "SUBJECT", "BODY", "TEXT" -> {
                sp();
                astring();
                yield new SearchKey.Encrypted(word);
            }
            case "UID" -> {
                sp();
                yield new SearchKey.Uid(sequenceSet());
            }
            case "NOT" -> {
                sp();
                yield new SearchKey.Not(searchKey(depth + 1));
            }
            case "OR" -> {
                sp();
                SearchKey left = searchKey(depth + 1);
                sp();
                yield new SearchKey.Or(left, searchKey(depth + 1));
            }
            case "MODSEQ" -> {
                sp();
                if (peek() == '"') {
                    // RFC 7162 entry-name and entry-type-req: accepted and ignored
                    quoted();
                    sp();
                    atom();
                    sp();
                }
                yield new SearchKey.ModSeq(number());
            }
            default -> throw error("Unknown search key " + word);
        };
    }

    private static String systemFlag(String word) {
        return "\\" + word.charAt(0) + word.substring(1).toLowerCase(Locale.ROOT);
    }

    /** RFC 2971. */
    private ImapCommand id() throws ImapSyntaxException {
        sp();
        if (peekWord("NIL")) {
            atom();
            return end(new ImapCommand.Id(null));
        }
        expect('(');
        Map<String, String> parameters = new LinkedHashMap<>();
        while (peek() != ')') {
            String key = string();
            sp();
            String value = nstring();
            if (parameters.size() < 30) {
                parameters.put(key, value);
            }
            if (peek() == ' ') {
                sp();
            }
        }
        expect(')');
        return end(new ImapCommand.Id(parameters));
    }

    // ---------------------------------------------------------------- tokens

    private <T extends ImapCommand> T end(T command) throws ImapSyntaxException {
        if (!atEnd()) {
            throw error("Unexpected characters at the end of the command: " + excerpt());
        }
        return command;
    }

    private ImapSyntaxException error(String message) {
        return new ImapSyntaxException(tag, message);
    }

    private String excerpt() {
        int end = Math.min(input.length, position + 20);
        return "'" + new String(input, position, end - position, StandardCharsets.UTF_8).replaceAll("[\\r\\n]", " ") + "'";
    }

    private boolean atEnd() {
        return position >= input.length;
    }

    private int peek() {
        return atEnd() ? -1 : input[position] & 0xff;
    }

    private boolean peekWord(String word) {
        int end = position + word.length();
        if (end > input.length) {
            return false;
        }
        String text = ascii(position, end);
        return text.equalsIgnoreCase(word) && (end == input.length || input[end] == ' ');
    }

    private void expect(char c) throws ImapSyntaxException {
        if (peek() != c) {
            throw error(atEnd() ? "Expected '" + c + "' but the command ended" : "Expected '" + c + "' at " + excerpt());
        }
        position++;
    }

    private void sp() throws ImapSyntaxException {
        expect(' ');
    }

    private String atom() throws ImapSyntaxException {
        int start = position;
        while (!atEnd() && isAtomChar(input[position])) {
            position++;
        }
        if (start == position) {
            throw error(atEnd() ? "Expected a word but the command ended" : "Expected a word at " + excerpt());
        }
        return ascii(start, position);
    }

    private String flag() throws ImapSyntaxException {
        if (peek() == '\\') {
            position++;
            if (peek() == '*') {
                position++;
                return "\\*";
            }
            return "\\" + atom();
        }
        return atom();
    }

    private List<String> flagList() throws ImapSyntaxException {
        expect('(');
        List<String> flags = new ArrayList<>();
        while (peek() != ')') {
            if (!flags.isEmpty()) {
                sp();
            }
            flags.add(flag());
        }
        expect(')');
        return List.copyOf(flags);
    }

    private long number() throws ImapSyntaxException {
        int start = position;
        while (!atEnd() && isDigit(input[position])) {
            position++;
        }
        if (start == position) {
            throw error("Expected a number at " + excerpt());
        }
        if (position - start > 19) {
            throw error("Number too large");
        }
        long value = Long.parseLong(ascii(start, position));
        if (value < 0) {
            throw error("Number too large");
        }
        return value;
    }

    private long nzNumber() throws ImapSyntaxException {
        long value = number();
        if (value == 0) {
            throw error("Zero is not allowed here");
        }
        return value;
    }

    /** RFC 9051 §9 sequence-set, and RFC 5182 {@code $}. */
    private SequenceSet sequenceSet() throws ImapSyntaxException {
        if (peek() == '$') {
            position++;
            return SequenceSet.SAVED;
        }
        List<SequenceSet.Range> ranges = new ArrayList<>();
        do {
            if (!ranges.isEmpty()) {
                position++;
            }
            long from = sequenceNumber();
            long to = from;
            if (peek() == ':') {
                position++;
                to = sequenceNumber();
            }
            ranges.add(new SequenceSet.Range(from, to));
        } while (peek() == ',');
        if (!atEnd() && peek() != ' ' && peek() != ')') {
            throw error("Invalid sequence set at " + excerpt());
        }
        return new SequenceSet(List.copyOf(ranges), false);
    }

    private long sequenceNumber() throws ImapSyntaxException {
        if (peek() == '*') {
            position++;
            return SequenceSet.STAR;
        }
        if (!isDigit(peek())) {
            throw error("Invalid sequence set: expected a number or * at " + excerpt());
        }
        long value = number();
        if (value == 0 || value > 0xffffffffL) {
            throw error("Invalid sequence set: numbers run from 1 to 4294967295");
        }
        return value;
    }

    private String mailbox() throws ImapSyntaxException {
        String name = astring();
        return name.equalsIgnoreCase("INBOX") ? "INBOX" : name;
    }

    /** RFC 9051 list-mailbox: list-chars (atom chars, {@code %}, {@code *}, {@code ]}) or a string. */
    private String listMailbox() throws ImapSyntaxException {
        if (peek() == '"' || peek() == '{' || peek() == '~') {
            return string();
        }
        int start = position;
        while (!atEnd() && (isAstringChar(input[position]) || input[position] == '%' || input[position] == '*')) {
            position++;
        }
        if (start == position) {
            throw error("Expected a mailbox pattern at " + excerpt());
        }
        return utf8(start, position);
    }

    private String astring() throws ImapSyntaxException {
        if (peek() == '"' || peek() == '{' || peek() == '~') {
            return string();
        }
        int start = position;
        while (!atEnd() && isAstringChar(input[position])) {
            position++;
        }
        if (start == position) {
            throw error(atEnd() ? "Expected a string but the command ended" : "Expected a string at " + excerpt());
        }
        return utf8(start, position);
    }

    private String nstring() throws ImapSyntaxException {
        if (peekWord("NIL") || (position + 3 == input.length && ascii(position, position + 3).equalsIgnoreCase("NIL"))
                || (position + 3 < input.length && ascii(position, position + 3).equalsIgnoreCase("NIL")
                        && input[position + 3] == ')')) {
            position += 3;
            return null;
        }
        return string();
    }

    private String string() throws ImapSyntaxException {
        if (peek() == '"') {
            return quoted();
        }
        if (peek() == '{' || peek() == '~') {
            return new String(literal(), StandardCharsets.UTF_8);
        }
        throw error("Expected a quoted string or a literal at " + excerpt());
    }

    private String quoted() throws ImapSyntaxException {
        expect('"');
        java.io.ByteArrayOutputStream text = new java.io.ByteArrayOutputStream();
        while (true) {
            if (atEnd()) {
                throw error("Unterminated quoted string");
            }
            int c = input[position++] & 0xff;
            if (c == '"') {
                return text.toString(StandardCharsets.UTF_8);
            }
            if (c == '\\') {
                if (atEnd() || (peek() != '\\' && peek() != '"')) {
                    throw error("Invalid escape in quoted string: only \\\\ and \\\" are allowed");
                }
                c = input[position++];
            } else if (c == '\r' || c == '\n' || c == 0) {
                throw error("Quoted strings may not contain CR, LF or NUL");
            }
            text.write(c);
        }
    }

    /** {@code {n}CRLF}, {@code {n+}CRLF} (RFC 7888) or {@code ~{n}CRLF} (RFC 3516), then n octets. */
    private byte[] literal() throws ImapSyntaxException {
        if (peek() == '~') {
            position++;
        }
        expect('{');
        long length = number();
        if (peek() == '+') {
            position++;
        }
        expect('}');
        if (peek() != '\r' || position + 1 >= input.length || input[position + 1] != '\n') {
            throw error("A literal's size must end the line");
        }
        position += 2;
        if (length > input.length - position) {
            throw error("Literal shorter than announced");
        }
        int n = (int) length;
        byte[] data = java.util.Arrays.copyOfRange(input, position, position + n);
        position += n;
        return data;
    }

    /** RFC 9051 date: d-MMM-yyyy, or quoted. */
    private LocalDate date() throws ImapSyntaxException {
        String text = peek() == '"' ? quoted() : atom();
        String[] parts = text.split("-");
        if (parts.length != 3) {
            throw error("Invalid date " + text + ": expected e.g. 1-Feb-2024");
        }
        try {
            return LocalDate.of(Integer.parseInt(parts[2]), month(parts[1]), Integer.parseInt(parts[0]));
        } catch (NumberFormatException | DateTimeException e) {
            throw error("Invalid date " + text + ": expected e.g. 1-Feb-2024");
        }
    }

    /** RFC 9051 date-time: "dd-MMM-yyyy HH:mm:ss +zzzz", the day possibly space-padded. */
    private ZonedDateTime dateTime() throws ImapSyntaxException {
        String text = quoted();
        try {
            String trimmed = text.strip();
            String[] fields = trimmed.split(" ");
            if (fields.length != 3) {
                throw new NumberFormatException();
            }
            String[] date = fields[0].split("-");
            String[] time = fields[1].split(":");
            String zone = fields[2];
            if (date.length != 3 || time.length != 3 || zone.length() != 5) {
                throw new NumberFormatException();
            }
            int offsetMinutes = Integer.parseInt(zone.substring(1, 3)) * 60 + Integer.parseInt(zone.substring(3));
            if (zone.charAt(0) == '-') {
                offsetMinutes = -offsetMinutes;
            } else if (zone.charAt(0) != '+') {
                throw new NumberFormatException();
            }
            LocalDateTime local = LocalDateTime.of(Integer.parseInt(date[2]), month(date[1]), Integer.parseInt(date[0]),
                    Integer.parseInt(time[0]), Integer.parseInt(time[1]), Integer.parseInt(time[2]));
            return ZonedDateTime.of(local, ZoneOffset.ofTotalSeconds(offsetMinutes * 60));
        } catch (NumberFormatException | DateTimeException e) {
            throw error("Invalid date-time \"" + text + "\": expected e.g. \"17-Jul-1996 02:44:25 -0700\"");
        }
    }

    private static int month(String name) {
        for (int i = 0; i < MONTHS.length; i++) {
            if (MONTHS[i].equalsIgnoreCase(name)) {
                return i + 1;
            }
        }
        throw new NumberFormatException();
    }

    private String ascii(int start, int end) {
        return new String(input, start, end - start, StandardCharsets.ISO_8859_1);
    }

    private String utf8(int start, int end) {
        return new String(input, start, end - start, StandardCharsets.UTF_8);
    }

    private static boolean isDigit(int c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isBase64(byte c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' || c == '/'
                || c == '=';
    }

    /** RFC 9051 ATOM-CHAR: any CHAR except atom-specials; UTF-8 octets are let through (RFC 6855). */
    static boolean isAtomChar(byte b) {
        int c = b & 0xff;
        if (c >= 0x80) {
            return true;
        }
        if (c <= 0x1f || c == 0x7f) {
            return false;
        }
        return switch (c) {
            case '(', ')', '{', ' ', '%', '*', '"', '\\', ']' -> false;
            default -> true;
        };
    }

    static boolean isAstringChar(byte b) {
        return isAtomChar(b) || b == ']';
    }
}
