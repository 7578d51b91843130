package dev.coffer.imap;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;

/**
 * FETCH and UID FETCH arguments (RFC 9051 §6.4.5): the sequence set, the data items with
 * their body sections and partial ranges, and the RFC 7162 modifiers.
 */
final class FetchParser {

    private FetchParser() {}

    /** RFC 9051 §6.4.5 with RFC 7162 CHANGEDSINCE and VANISHED modifiers. */
    static ImapCommand fetch(ImapTokenizer in, boolean uid) throws ImapSyntaxException {
        in.sp();
        SequenceSet set = in.sequenceSet();
        in.sp();
        List<FetchItem> items = new ArrayList<>();
        if (in.peek() == '(') {
            in.expect('(');
            items.addAll(fetchItem(in));
            while (in.peek() == ' ') {
                in.sp();
                items.addAll(fetchItem(in));
            }
            in.expect(')');
        } else {
            items.addAll(fetchItem(in));
        }
        OptionalLong changedSince = OptionalLong.empty();
        boolean vanished = false;
        if (in.peek() == ' ') {
            in.sp();
            in.expect('(');
            while (in.peek() != ')') {
                String modifier = in.atom().toUpperCase(Locale.ROOT);
                switch (modifier) {
                    case "CHANGEDSINCE" -> {
                        in.sp();
                        changedSince = OptionalLong.of(in.number());
                    }
                    case "VANISHED" -> vanished = true;
                    default -> throw in.error("Unknown FETCH modifier " + modifier);
                }
                if (in.peek() == ' ') {
                    in.sp();
                }
            }
            in.expect(')');
            if (vanished && (!uid || changedSince.isEmpty())) {
                // RFC 7162 §3.2.6
                throw in.error("VANISHED needs UID FETCH with CHANGEDSINCE");
            }
        }
        return in.end(new ImapCommand.Fetch(uid, set, List.copyOf(items), changedSince, vanished));
    }

    private static List<FetchItem> fetchItem(ImapTokenizer in) throws ImapSyntaxException {
        String name = in.asciiWhile(c -> c != ' ' && c != '(' && c != ')' && c != '[').toUpperCase(Locale.ROOT);
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
                if (in.peek() != '[') {
                    if (name.equals("BODY.PEEK")) {
                        throw in.error("BODY.PEEK needs a section");
                    }
                    yield List.of(new FetchItem.Structure(false));
                }
                FetchItem.Section section = section(in);
                long[] partial = partial(in);
                yield List.of(new FetchItem.Body(name.equals("BODY.PEEK"), section, partial[0], partial[1]));
            }
            case "BINARY", "BINARY.PEEK", "BINARY.SIZE" -> {
                in.expect('[');
                List<Integer> part = new ArrayList<>();
                while (in.peek() != ']') {
                    if (!part.isEmpty()) {
                        in.expect('.');
                    }
                    part.add((int) in.nzNumber());
                }
                in.expect(']');
                if (name.equals("BINARY.SIZE")) {
                    yield List.of(new FetchItem.BinarySize(List.copyOf(part)));
                }
                long[] partial = partial(in);
                yield List.of(new FetchItem.Binary(name.equals("BINARY.PEEK"), List.copyOf(part), partial[0],
                        partial[1]));
            }
            case "" -> throw in.error("Expected a FETCH item");
            default -> throw in.error("Unknown FETCH item " + name);
        };
    }

    private static FetchItem.Section section(ImapTokenizer in) throws ImapSyntaxException {
        in.expect('[');
        List<Integer> part = new ArrayList<>();
        String text = null;
        List<String> fields = null;
        while (in.peek() != ']') {
            if (ImapTokenizer.isDigit(in.peek())) {
                part.add((int) in.nzNumber());
                if (in.peek() == '.') {
                    in.skip();
                    continue;
                }
                break;
            }
            text = in.asciiWhile(c -> c != ']' && c != ' ').toUpperCase(Locale.ROOT);
            switch (text) {
                case "HEADER", "TEXT" -> {}
                case "MIME" -> {
                    if (part.isEmpty()) {
                        throw in.error("MIME needs a part number");
                    }
                }
                case "HEADER.FIELDS", "HEADER.FIELDS.NOT" -> {
                    in.sp();
                    in.expect('(');
                    fields = new ArrayList<>();
                    fields.add(in.astring());
                    while (in.peek() == ' ') {
                        in.sp();
                        fields.add(in.astring());
                    }
                    in.expect(')');
                    fields = List.copyOf(fields);
                }
                default -> throw in.error("Unknown section " + text);
            }
            break;
        }
        in.expect(']');
        return new FetchItem.Section(List.copyOf(part), text, fields);
    }

    private static long[] partial(ImapTokenizer in) throws ImapSyntaxException {
        if (in.peek() != '<') {
            return new long[] {0, -1};
        }
        in.skip();
        long start = in.number();
        in.expect('.');
        long length = in.nzNumber();
        in.expect('>');
        return new long[] {start, length};
    }
}
