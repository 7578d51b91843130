package dev.coffer.mail;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Counts the mailboxes of an address list written in the plain forms almost all mail uses:
 * {@code local@domain}, {@code <local@domain>}, {@code Name <local@domain>} and
 * {@code "Name" <local@domain>}, comma-separated (RFC 5322 §3.4), in groups such as
 * {@code undisclosed-recipients:;} too, with dot-atoms on both sides of the "@" (§3.4.1).
 * Anything else (comments, nested or empty list items, quoted local parts, domain literals,
 * obsolete syntax) is left to a full parser: this reader says only "not plain". For the values
 * it reads, every mailbox has a local part and a domain, and mime4j's parsers (strict and lenient)
 * read the same mailboxes; it exists because the strict parser costs an Error and an IOException
 * per call, and both cost far more than this.
 */
public final class PlainAddressList {

    private final String value;
    private final List<String> domains = new ArrayList<>();
    private String domain;
    private int pos;

    private PlainAddressList(String value) {
        this.value = value;
    }

    /** The number of mailboxes, or empty when the value is not a plain address list. */
    public static OptionalInt mailboxCount(String value) {
        return domains(value).map(domains -> OptionalInt.of(domains.size())).orElse(OptionalInt.empty());
    }

    /** The domain of each mailbox as written, in order, or empty when the value is not a plain address list. */
    public static Optional<List<String>> domains(String value) {
        PlainAddressList list = new PlainAddressList(value);
        return list.list() ? Optional.of(List.copyOf(list.domains)) : Optional.empty();
    }

    private boolean list() {
        skipSpace();
        while (true) {
            if (address() < 0) {
                return false;
            }
            skipSpace();
            if (pos == value.length()) {
                return true;
            }
            if (value.charAt(pos) != ',') {
                return false;
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
            domains.add(domain);
            return true;
        }
        pos = start;
        int words = displayName();
        if (words >= 0 && (words > 0 || pos == start) && angleAddr()) {
            domains.add(domain);
            return true;
        }
        return false;
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

    /** local-part "@" domain, both dot-atoms; the domain is noted only once the mailbox is complete. */
    private boolean addrSpec() {
        if (!dotAtom()) {
            return false;
        }
        if (pos >= value.length() || value.charAt(pos) != '@') {
            return false;
        }
        pos++;
        int domainStart = pos;
        if (!dotAtom()) {
            return false;
        }
        domain = value.substring(domainStart, pos);
        return true;
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
