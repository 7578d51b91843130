package dev.coffer.imap;

import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntPredicate;

/**
 * The tokens of one command (RFC 9051 §4, §9): atoms, numbers, strings and literals,
 * sequence sets, flags, dates. Reads forward through the command's octets; every
 * mistake becomes an {@link ImapSyntaxException} carrying the command's tag.
 */
final class ImapTokenizer {

    private static final String[] MONTHS = {
        "JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"
    };

    private final byte[] input;
    private final String tag;
    private int position;

    /** Starts after the tag, which {@link ImapParser#tagOf} has read. */
    ImapTokenizer(byte[] input, String tag) {
        this.input = input;
        this.tag = tag;
        this.position = tag.length();
    }

    /** The command, once nothing is left after it. */
    <T extends ImapCommand> T end(T command) throws ImapSyntaxException {
        if (!atEnd()) {
            throw error("Unexpected characters at the end of the command: " + excerpt());
        }
        return command;
    }

    ImapSyntaxException error(String message) {
        return new ImapSyntaxException(tag, message);
    }

    private String excerpt() {
        int end = Math.min(input.length, position + 20);
        return "'" + new String(input, position, end - position, StandardCharsets.UTF_8).replaceAll("[\\r\\n]", " ") + "'";
    }

    boolean atEnd() {
        return position >= input.length;
    }

    int peek() {
        return atEnd() ? -1 : input[position] & 0xff;
    }

    boolean peekWord(String word) {
        int end = position + word.length();
        if (end > input.length) {
            return false;
        }
        String text = ascii(position, end);
        return text.equalsIgnoreCase(word) && (end == input.length || input[end] == ' ');
    }

    void expect(char c) throws ImapSyntaxException {
        if (peek() != c) {
            throw error(atEnd() ? "Expected '" + c + "' but the command ended" : "Expected '" + c + "' at " + excerpt());
        }
        position++;
    }

    void sp() throws ImapSyntaxException {
        expect(' ');
    }

    /** Steps over the octet {@link #peek()} returned. */
    void skip() {
        position++;
    }

    /** The octets from here on while {@code accept} holds, as text. */
    String asciiWhile(IntPredicate accept) {
        int start = position;
        while (!atEnd() && accept.test(peek())) {
            position++;
        }
        return ascii(start, position);
    }

    String atom() throws ImapSyntaxException {
        int start = position;
        while (!atEnd() && isAtomChar(input[position])) {
            position++;
        }
        if (start == position) {
            throw error(atEnd() ? "Expected a word but the command ended" : "Expected a word at " + excerpt());
        }
        return ascii(start, position);
    }

    String flag() throws ImapSyntaxException {
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

    List<String> flagList() throws ImapSyntaxException {
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

    long number() throws ImapSyntaxException {
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

    long nzNumber() throws ImapSyntaxException {
        long value = number();
        if (value == 0) {
            throw error("Zero is not allowed here");
        }
        return value;
    }

    /** RFC 9051 §9 sequence-set, and RFC 5182 {@code $}. */
    SequenceSet sequenceSet() throws ImapSyntaxException {
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

    String mailbox() throws ImapSyntaxException {
        String name = astring();
        return name.equalsIgnoreCase("INBOX") ? "INBOX" : name;
    }

    /** RFC 9051 list-mailbox: list-chars (atom chars, {@code %}, {@code *}, {@code ]}) or a string. */
    String listMailbox() throws ImapSyntaxException {
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

    String astring() throws ImapSyntaxException {
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

    String nstring() throws ImapSyntaxException {
        if (peekWord("NIL") || (position + 3 == input.length && ascii(position, position + 3).equalsIgnoreCase("NIL"))
                || (position + 3 < input.length && ascii(position, position + 3).equalsIgnoreCase("NIL")
                        && input[position + 3] == ')')) {
            position += 3;
            return null;
        }
        return string();
    }

    String string() throws ImapSyntaxException {
        if (peek() == '"') {
            return quoted();
        }
        if (peek() == '{' || peek() == '~') {
            return new String(literal(), StandardCharsets.UTF_8);
        }
        throw error("Expected a quoted string or a literal at " + excerpt());
    }

    String quoted() throws ImapSyntaxException {
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
    byte[] literal() throws ImapSyntaxException {
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
    LocalDate date() throws ImapSyntaxException {
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
    ZonedDateTime dateTime() throws ImapSyntaxException {
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

    static boolean isDigit(int c) {
        return c >= '0' && c <= '9';
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
