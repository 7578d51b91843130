package dev.coffer.mailauth;

import java.util.ArrayList;
import java.util.List;

/** RFC 2045 tokens, RFC 5322 quoted-strings and comments, as RFC 8601 §2.2 uses them. */
final class Syntax {

    /** Comments longer than this are cut: a reason is for a person, not for a novel. */
    static final int MAX_COMMENT = 200;
    /** RFC 2045 §5.1 tspecials. */
    private static final String SPECIALS = "()<>@,;:\\\"/[]?=";

    private Syntax() {}

    /** RFC 2045 §5.1 token: printable ASCII without SP and tspecials. */
    static boolean isToken(String text) {
        if (text.isEmpty()) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c <= 0x20 || c >= 0x7f || SPECIALS.indexOf(c) >= 0) {
                return false;
            }
        }
        return true;
    }

    /**
     * RFC 8601 §2.2 pvalue: the text as it is when it is a token or a domain/address (dots and
     * "@" are fine there), else a quoted-string with only printable ASCII kept.
     */
    static String value(String text) {
        if (isTokenOrAddress(text)) {
            return text;
        }
        StringBuilder quoted = new StringBuilder("\"");
        for (int i = 0; i < text.length() && quoted.length() < MAX_COMMENT; i++) {
            char c = text.charAt(i);
            if (c < 0x20 || c >= 0x7f) {
                continue;
            }
            if (c == '"' || c == '\\') {
                quoted.append('\\');
            }
            quoted.append(c);
        }
        return quoted.append('"').toString();
    }

    /** A token once dots and at most one "@" are set aside (a domain or an address), with something besides the "@". */
    private static boolean isTokenOrAddress(String text) {
        int ats = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '@') {
                ats++;
            } else if (c != '.' && (c <= 0x20 || c >= 0x7f || SPECIALS.indexOf(c) >= 0)) {
                return false;
            }
        }
        return ats <= 1 && text.length() > ats;
    }

    /**
     * An RFC 5322 §3.2.2 comment as words to fold between: parentheses and backslashes escaped,
     * control and non-ASCII characters dropped; empty for an empty text.
     */
    static List<String> comment(String text) {
        if (text == null || text.isBlank()) {
            return List.of();
        }
        StringBuilder clean = new StringBuilder();
        for (int i = 0; i < text.length() && clean.length() < MAX_COMMENT; i++) {
            char c = text.charAt(i);
            if (c == '\t' || c == '\r' || c == '\n') {
                clean.append(' ');
            } else if (c >= 0x20 && c < 0x7f) {
                if (c == '(' || c == ')' || c == '\\') {
                    clean.append('\\');
                }
                clean.append(c);
            }
        }
        String stripped = clean.toString().strip();
        if (stripped.isEmpty()) {
            return List.of();
        }
        List<String> words = spaceSeparated(stripped);
        words.set(0, "(" + words.getFirst());
        int last = words.size() - 1;
        words.set(last, words.get(last) + ")");
        return words;
    }

    /** The words of a stripped, non-empty text between runs of spaces; {@code split(" +")} without a regex. */
    private static List<String> spaceSeparated(String text) {
        List<String> words = new ArrayList<>();
        int start = 0;
        while (start < text.length()) {
            int end = text.indexOf(' ', start);
            if (end < 0) {
                end = text.length();
            }
            words.add(text.substring(start, end));
            start = end;
            while (start < text.length() && text.charAt(start) == ' ') {
                start++;
            }
        }
        return words;
    }

    /**
     * The first value of a structured field body: comments and whitespace skipped, then a
     * quoted-string (unquoted) or the characters up to whitespace, ";" or "(".
     */
    static String firstValue(String body) {
        int i = skipCfws(body, 0);
        if (i < body.length() && body.charAt(i) == '"') {
            StringBuilder value = new StringBuilder();
            for (i++; i < body.length() && body.charAt(i) != '"'; i++) {
                if (body.charAt(i) == '\\' && i + 1 < body.length()) {
                    i++;
                }
                value.append(body.charAt(i));
            }
            return value.toString();
        }
        int start = i;
        while (i < body.length() && !Character.isWhitespace(body.charAt(i)) && body.charAt(i) != ';'
                && body.charAt(i) != '(') {
            i++;
        }
        return body.substring(start, i);
    }

    /** Skips whitespace and (nested) comments from {@code i}. */
    private static int skipCfws(String text, int i) {
        int depth = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (depth > 0 && c == '\\') {
                i += 2;
                continue;
            }
            if (c == '(') {
                depth++;
            } else if (c == ')' && depth > 0) {
                depth--;
            } else if (depth == 0 && !Character.isWhitespace(c)) {
                return i;
            }
            i++;
        }
        return i;
    }
}
