package dev.coffer.filter;

import java.util.OptionalInt;

/**
 * Counts the mailboxes of an address list written in the plain forms almost all mail uses:
 * {@code local@domain}, {@code <local@domain>}, {@code Name <local@domain>} and
 * {@code "Name" <local@domain>}, comma-separated (RFC 5322 §3.4), in groups such as
 * {@code undisclosed-recipients:;} too, with dot-atoms on both sides of the "@" (§3.4.1).
 * Anything else (comments, nested or empty list items, quoted local parts, domain literals,
 * obsolete syntax) is left to a full parser: this reader says only "not plain". For the values
 * it reads, every mailbox has a local part and a domain, which is what mime4j's strict parser
 * would accept; it exists because that parser costs an Error and an IOException per call.
 */
final class PlainAddressList {

    private final String value;
    private int pos;

    private PlainAddressList(String value) {
        this.value = value;
    }

    /** The number of mailboxes, or empty when the value is not a plain address list. */
    static OptionalInt mailboxCount(String value) {
        return new PlainAddressList(value).list();
    }

    private OptionalInt list() {
        int count = 0;
        skipSpace();
        while (true) {
            int mailboxes = address();
            if (mailboxes < 0) {
                return OptionalInt.empty();
            }
            count += mailboxes;
            skipSpace();
            if (pos == value.length()) {
                return OptionalInt.of(count);
            }
            if (value.charAt(pos) != ',') {
                return OptionalInt.empty();
            }
            pos++;
            skipSpace();
        }
    }

    /** RFC 5322 §3.4 address: a mailbox, or a group of mailboxes; how many mailboxes, -1 when not plain. */
    private int address() {
        int start = pos;
        int words = displayName();
        if (words > 0 && pos < value.length() && value.charAt(pos) == ':') {
            pos++;
            return group();
        }
        pos = start;
        return mailbox() ? 1 : -1;
    }

    /** display-name ":" [mailbox *("," mailbox)] ";", after the colon. */
    private int group() {
        skipSpace();
        int count = 0;
        if (pos < value.length() && value.charAt(pos) == ';') {
            pos++;
            return 0;
        }
        while (true) {
            if (!mailbox()) {
                return -1;
            }
            count++;
            skipSpace();
            if (pos < value.length() && value.charAt(pos) == ';') {
                pos++;
                return count;
            }
            if (pos >= value.length() || value.charAt(pos) != ',') {
                return -1;
            }
            pos++;
            skipSpace();
        }
    }

    /** addr-spec, or [display-name] angle-addr. */
    private boolean mailbox() {
        int start = pos;
        if (addrSpec() && (pos == value.length() || isSpace(value.charAt(pos)) || isDelimiter(value.charAt(pos)))) {
            return true;
        }
        pos = start;
        int words = displayName();
        return words >= 0 && (words > 0 || pos == start) && angleAddr();
    }

    /** The words of a display-name up to a "<" or ":", white space after each skipped; -1 when not plain. */
    private int displayName() {
        int words = 0;
        while (pos < value.length() && value.charAt(pos) != '<' && value.charAt(pos) != ':') {
            if (!word()) {
                return -1;
            }
            words++;
            int beforeSpace = pos;
            skipSpace();
            if (pos == beforeSpace && pos < value.length() && value.charAt(pos) != '<' && value.charAt(pos) != ':') {
                return -1; // two words must be separated by white space
            }
        }
        return words;
    }

    private boolean angleAddr() {
        if (pos >= value.length() || value.charAt(pos) != '<') {
            return false;
        }
        pos++;
        if (!addrSpec() || pos >= value.length() || value.charAt(pos) != '>') {
            return false;
        }
        pos++;
        return true;
    }

    private boolean addrSpec() {
        if (!dotAtom()) {
            return false;
        }
        if (pos >= value.length() || value.charAt(pos) != '@') {
            return false;
        }
        pos++;
        return dotAtom();
    }

    /** RFC 5322 §3.4.1 dot-atom-text: atoms joined by single dots. */
    private boolean dotAtom() {
        if (!atom()) {
            return false;
        }
        while (pos < value.length() && value.charAt(pos) == '.') {
            pos++;
            if (!atom()) {
                return false;
            }
        }
        return true;
    }

    /** A display-name word: an atom, or a quoted-string of printable characters without escapes. */
    private boolean word() {
        if (pos < value.length() && value.charAt(pos) == '"') {
            int close = pos + 1;
            while (close < value.length() && value.charAt(close) != '"') {
                char c = value.charAt(close);
                if (c == '\\' || !(c == '\t' || c >= 0x20 && c < 0x7f)) {
                    return false;
                }
                close++;
            }
            if (close >= value.length() || close == pos + 1) {
                return false;
            }
            pos = close + 1;
            return true;
        }
        return atom();
    }

    private boolean atom() {
        int start = pos;
        while (pos < value.length() && isAtext(value.charAt(pos))) {
            pos++;
        }
        return pos > start;
    }

    private void skipSpace() {
        while (pos < value.length() && isSpace(value.charAt(pos))) {
            pos++;
        }
    }

    private static boolean isDelimiter(char c) {
        return c == ',' || c == ';';
    }

    private static boolean isSpace(char c) {
        return c == ' ' || c == '\t';
    }

    /** RFC 5322 §3.2.3 atext, ASCII only. */
    private static boolean isAtext(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
                || "!#$%&'*+-/=?^_`{|}~".indexOf(c) >= 0;
    }
}
