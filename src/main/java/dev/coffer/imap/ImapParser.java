package dev.coffer.imap;

import dev.coffer.mailbox.FlagOperation;
import java.nio.charset.StandardCharsets;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Reads one complete command — the command line with any literals in place, exactly as
 * it came over the wire ({@code {n}CRLF} followed by n octets) — into an {@link ImapCommand}.
 * Pure: bytes in, a command or an {@link ImapSyntaxException} with a precise reason out.
 * The grammar of FETCH, SEARCH and LIST/STATUS lives in {@link FetchParser}, {@link SearchParser}
 * and {@link ListParser}; the tokens they read, in {@link ImapTokenizer}.
 */
final class ImapParser {

    /** A parsed command with its tag. */
    record Request(String tag, ImapCommand command) {}

    private final ImapTokenizer in;

    private ImapParser(ImapTokenizer in) {
        this.in = in;
    }

    static Request parse(byte[] command) throws ImapSyntaxException {
        String tag = tagOf(command);
        if (tag == null) {
            throw new ImapSyntaxException(null, "Missing or invalid tag");
        }
        return new ImapParser(new ImapTokenizer(command, tag)).request(tag);
    }

    static Request parse(String command) throws ImapSyntaxException {
        return parse(command.getBytes(StandardCharsets.UTF_8));
    }

    /** The tag at the start of a line, or null: used to answer commands that never reach the parser. */
    static String tagOf(byte[] line) {
        int end = 0;
        while (end < line.length && line[end] != ' ' && ImapTokenizer.isAstringChar(line[end]) && line[end] != '+') {
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

    private Request request(String tag) throws ImapSyntaxException {
        in.sp();
        String verb = in.atom().toUpperCase(Locale.ROOT);
        ImapCommand command = switch (verb) {
            case "CAPABILITY" -> in.end(new ImapCommand.Capability());
            case "NOOP" -> in.end(new ImapCommand.Noop());
            case "LOGOUT" -> in.end(new ImapCommand.Logout());
            case "STARTTLS" -> in.end(new ImapCommand.StartTls());
            case "CHECK" -> in.end(new ImapCommand.Check());
            case "CLOSE" -> in.end(new ImapCommand.Close());
            case "UNSELECT" -> in.end(new ImapCommand.Unselect());
            case "EXPUNGE" -> in.end(new ImapCommand.Expunge(Optional.empty()));
            case "IDLE" -> in.end(new ImapCommand.Idle());
            case "NAMESPACE" -> in.end(new ImapCommand.Namespace());
            case "COMPRESS" -> {
                in.sp();
                yield in.end(new ImapCommand.Compress(in.atom().toUpperCase(Locale.ROOT)));
            }
            case "LOGIN" -> {
                in.sp();
                String user = in.astring();
                in.sp();
                yield in.end(new ImapCommand.Login(user, in.astring()));
            }
            case "AUTHENTICATE" -> authenticate();
            case "ENABLE" -> enable();
            case "SELECT" -> select(false);
            case "EXAMINE" -> select(true);
            case "CREATE" -> create();
            case "DELETE" -> {
                in.sp();
                yield in.end(new ImapCommand.Delete(in.mailbox()));
            }
            case "RENAME" -> {
                in.sp();
                String from = in.mailbox();
                in.sp();
                yield in.end(new ImapCommand.Rename(from, in.mailbox()));
            }
            case "SUBSCRIBE", "UNSUBSCRIBE" -> {
                in.sp();
                yield in.end(new ImapCommand.Subscribe(in.mailbox(), verb.equals("SUBSCRIBE")));
            }
            case "LIST" -> ListParser.list(in);
            case "LSUB" -> ListParser.lsub(in);
            case "STATUS" -> ListParser.status(in);
            case "APPEND" -> append();
            case "FETCH" -> FetchParser.fetch(in, false);
            case "STORE" -> store(false);
            case "COPY" -> copy(false, false);
            case "MOVE" -> copy(false, true);
            case "SEARCH" -> SearchParser.search(in, false);
            case "UID" -> uid();
            case "ID" -> id();
            case "GETQUOTA" -> {
                in.sp();
                yield in.end(new ImapCommand.GetQuota(in.astring()));
            }
            case "GETQUOTAROOT" -> {
                in.sp();
                yield in.end(new ImapCommand.GetQuotaRoot(in.mailbox()));
            }
            case "SETQUOTA" -> new ImapCommand.SetQuota();
            default -> throw in.error("Unknown command " + verb);
        };
        return new Request(tag, command);
    }

    private ImapCommand uid() throws ImapSyntaxException {
        in.sp();
        String verb = in.atom().toUpperCase(Locale.ROOT);
        return switch (verb) {
            case "FETCH" -> FetchParser.fetch(in, true);
            case "STORE" -> store(true);
            case "COPY" -> copy(true, false);
            case "MOVE" -> copy(true, true);
            case "SEARCH" -> SearchParser.search(in, true);
            case "EXPUNGE" -> {
                in.sp();
                yield in.end(new ImapCommand.Expunge(Optional.of(in.sequenceSet())));
            }
            default -> throw in.error("Unknown UID command " + verb);
        };
    }

    /** RFC 9051 §6.2.2 with RFC 4959 SASL-IR. */
    private ImapCommand authenticate() throws ImapSyntaxException {
        in.sp();
        String mechanism = in.atom().toUpperCase(Locale.ROOT);
        String initial = null;
        if (in.peek() == ' ') {
            in.sp();
            if (in.peek() == '=') {
                in.skip();
                initial = "";
            } else {
                initial = in.asciiWhile(ImapParser::isBase64);
                if (initial.isEmpty()) {
                    throw in.error("Invalid initial response: expected base64 or =");
                }
            }
        }
        return in.end(new ImapCommand.Authenticate(mechanism, initial));
    }

    private ImapCommand enable() throws ImapSyntaxException {
        List<String> capabilities = new ArrayList<>();
        do {
            in.sp();
            capabilities.add(in.atom().toUpperCase(Locale.ROOT));
        } while (in.peek() == ' ');
        return in.end(new ImapCommand.Enable(List.copyOf(capabilities)));
    }

    /** RFC 9051 §6.3.2 with RFC 7162 §3.1.8 CONDSTORE and §3.2.5 QRESYNC parameters. */
    private ImapCommand select(boolean readOnly) throws ImapSyntaxException {
        in.sp();
        String mailbox = in.mailbox();
        boolean condstore = false;
        Optional<ImapCommand.Qresync> qresync = Optional.empty();
        if (in.peek() == ' ') {
            in.sp();
            in.expect('(');
            while (in.peek() != ')') {
                String parameter = in.atom().toUpperCase(Locale.ROOT);
                switch (parameter) {
                    case "CONDSTORE" -> condstore = true;
                    case "QRESYNC" -> {
                        in.sp();
                        in.expect('(');
                        long uidValidity = in.nzNumber();
                        in.sp();
                        long modseq = in.number();
                        Optional<SequenceSet> known = Optional.empty();
                        if (in.peek() == ' ') {
                            in.sp();
                            if (in.peek() != '(') {
                                known = Optional.of(in.sequenceSet());
                            }
                            if (in.peek() == ' ') {
                                in.sp();
                            }
                            if (in.peek() == '(') {
                                // seq-match-data: accepted, not needed (we send VANISHED from the UID side)
                                in.expect('(');
                                in.sequenceSet();
                                in.sp();
                                in.sequenceSet();
                                in.expect(')');
                            }
                        }
                        in.expect(')');
                        qresync = Optional.of(new ImapCommand.Qresync(uidValidity, modseq, known));
                    }
                    default -> throw in.error("Unknown SELECT parameter " + parameter);
                }
                if (in.peek() == ' ') {
                    in.sp();
                }
            }
            in.expect(')');
        }
        return in.end(new ImapCommand.Select(mailbox, readOnly, condstore, qresync));
    }

    /** RFC 9051 §6.3.4 with RFC 6154 §3 USE. */
    private ImapCommand create() throws ImapSyntaxException {
        in.sp();
        String mailbox = in.mailbox();
        List<String> use = List.of();
        if (in.peek() == ' ') {
            in.sp();
            in.expect('(');
            String word = in.atom().toUpperCase(Locale.ROOT);
            if (!word.equals("USE")) {
                throw in.error("Unknown CREATE parameter " + word);
            }
            in.sp();
            use = in.flagList();
            in.expect(')');
        }
        return in.end(new ImapCommand.Create(mailbox, use));
    }

    /** RFC 9051 §6.3.12. */
    private ImapCommand append() throws ImapSyntaxException {
        in.sp();
        String mailbox = in.mailbox();
        in.sp();
        List<String> flags = List.of();
        if (in.peek() == '(') {
            flags = in.flagList();
            in.sp();
        }
        Optional<ZonedDateTime> date = Optional.empty();
        if (in.peek() == '"') {
            date = Optional.of(in.dateTime());
            in.sp();
        }
        boolean utf8 = in.peekWord("UTF8");
        if (utf8) {
            // RFC 6855 §4: UTF8 (literal8), a message with UTF-8 headers
            in.atom();
            in.sp();
            in.expect('(');
        }
        if (in.peek() == '~') {
            // RFC 3516 literal8: a binary message
            in.skip();
        }
        if (in.peek() != '{') {
            throw in.error("Expected the message as a literal");
        }
        byte[] message = in.literal();
        if (utf8) {
            in.expect(')');
        }
        return in.end(new ImapCommand.Append(mailbox, flags, date, message));
    }

    /** RFC 9051 §6.4.6 with RFC 7162 UNCHANGEDSINCE. */
    private ImapCommand store(boolean uid) throws ImapSyntaxException {
        in.sp();
        SequenceSet set = in.sequenceSet();
        in.sp();
        OptionalLong unchangedSince = OptionalLong.empty();
        if (in.peek() == '(') {
            in.expect('(');
            String modifier = in.atom().toUpperCase(Locale.ROOT);
            if (!modifier.equals("UNCHANGEDSINCE")) {
                throw in.error("Unknown STORE modifier " + modifier);
            }
            in.sp();
            unchangedSince = OptionalLong.of(in.number());
            in.expect(')');
            in.sp();
        }
        String item = in.atom().toUpperCase(Locale.ROOT);
        FlagOperation operation = switch (item.startsWith("+") ? '+' : item.startsWith("-") ? '-' : ' ') {
            case '+' -> FlagOperation.ADD;
            case '-' -> FlagOperation.REMOVE;
            default -> FlagOperation.REPLACE;
        };
        String rest = operation == FlagOperation.REPLACE ? item : item.substring(1);
        boolean silent = rest.equals("FLAGS.SILENT");
        if (!silent && !rest.equals("FLAGS")) {
            throw in.error("Expected FLAGS, +FLAGS or -FLAGS (optionally .SILENT)");
        }
        in.sp();
        List<String> flags;
        if (in.peek() == '(') {
            flags = in.flagList();
        } else {
            flags = new ArrayList<>();
            flags.add(in.flag());
            while (in.peek() == ' ') {
                in.sp();
                flags.add(in.flag());
            }
        }
        return in.end(new ImapCommand.Store(uid, set, unchangedSince, operation, silent, List.copyOf(flags)));
    }

    private ImapCommand copy(boolean uid, boolean move) throws ImapSyntaxException {
        in.sp();
        SequenceSet set = in.sequenceSet();
        in.sp();
        return in.end(new ImapCommand.Copy(uid, set, in.mailbox(), move));
    }

    /** RFC 2971. */
    private ImapCommand id() throws ImapSyntaxException {
        in.sp();
        if (in.peekWord("NIL")) {
            in.atom();
            return in.end(new ImapCommand.Id(null));
        }
        in.expect('(');
        Map<String, String> parameters = new LinkedHashMap<>();
        while (in.peek() != ')') {
            String key = in.string();
            in.sp();
            String value = in.nstring();
            if (parameters.size() < 30) {
                parameters.put(key, value);
            }
            if (in.peek() == ' ') {
                in.sp();
            }
        }
        in.expect(')');
        return in.end(new ImapCommand.Id(parameters));
    }

    private static boolean isBase64(int c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' || c == '/'
                || c == '=';
    }
}
