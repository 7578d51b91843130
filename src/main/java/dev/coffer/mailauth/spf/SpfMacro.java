package dev.coffer.mailauth.spf;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A macro-string (RFC 7208 §7.1), parsed once and expanded for each check (§7.3).
 *
 * <pre>{@code
 * SpfMacro spec = SpfMacro.parse("%{ir}.%{v}._spf.%{d2}", SpfMacro.Use.DOMAIN_SPEC);
 * spec.expandDomain(values); // "3.2.0.192.in-addr._spf.example.com"
 * }</pre>
 */
final class SpfMacro {

    /** Where a macro-string stands, which decides the letters and characters it may use. */
    enum Use {
        /** The domain-spec of a mechanism, redirect= or exp= (RFC 7208 §7.1 domain-spec). */
        DOMAIN_SPEC("slodiphv", false),
        /** The value of a modifier this implementation does not know: checked, never expanded (§6). */
        UNKNOWN_MODIFIER("slodiphvcrt", false),
        /** The explanation text that exp= points to: spaces allowed, and c, r, t (§6.2, §7.2). */
        EXPLANATION("slodiphvcrt", true);

        private final String letters;
        private final boolean spaces;

        Use(String letters, boolean spaces) {
            this.letters = letters;
            this.spaces = spaces;
        }
    }

    /** The value of each macro letter (lower case) for the check under way (RFC 7208 §7.2). */
    @FunctionalInterface
    interface Values {
        String value(char letter);
    }

    /** RFC 7208 §7.1: the domain-end of a domain-spec is "." toplabel [ "." ] when not a macro. */
    private static final Pattern TOPLABEL =
            Pattern.compile("[A-Za-z0-9]*[A-Za-z][A-Za-z0-9]*|[A-Za-z0-9]+-[A-Za-z0-9-]*[A-Za-z0-9]");
    /** RFC 7208 §7.1: the delimiters a macro may split its value on. */
    private static final String DELIMITERS = ".-+,/_=";
    /** RFC 7208 §7.3: a name used in a query is cut to this many characters. */
    private static final int MAX_DOMAIN_LENGTH = 253;
    /** While expanding a long domain, keep this much of its right end: all that truncation can keep. */
    private static final int DOMAIN_TAIL = MAX_DOMAIN_LENGTH + 3;

    private sealed interface Token {}

    private record Literal(String text) implements Token {}

    /** {@code %{letter digits r delimiters}}; {@code rightParts} 0 keeps every part. */
    private record Expand(char letter, boolean urlEscape, int rightParts, boolean reverse, String delimiters)
            implements Token {}

    private final List<Token> tokens;

    private SpfMacro(List<Token> tokens) {
        this.tokens = List.copyOf(tokens);
    }

    /** Parses {@code text} as a macro-string of the given use (RFC 7208 §7.1). */
    static SpfMacro parse(String text, Use use) throws SpfSyntaxException {
        List<Token> tokens = new ArrayList<>();
        StringBuilder literal = new StringBuilder();
        int tailStart = 0; // where the literal text after the last macro-expand begins
        boolean endsWithMacro = false;
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c != '%') {
                // RFC 7208 §7.1: macro-literal = %x21-24 / %x26-7E; explain-string also allows SP
                if ((c < 0x21 || c > 0x7e) && !(c == ' ' && use.spaces)) {
                    throw new SpfSyntaxException("character " + describe(c) + " is not allowed in \"" + printable(text) + "\"");
                }
                literal.append(c);
                endsWithMacro = false;
                i++;
                continue;
            }
            if (i + 1 >= text.length()) {
                throw new SpfSyntaxException("a lone '%' ends \"" + printable(text) + "\"");
            }
            char next = text.charAt(i + 1);
            switch (next) {
                case '%' -> literal.append('%');
                case '_' -> literal.append(' ');
                case '-' -> literal.append("%20");
                case '{' -> {
                    int close = text.indexOf('}', i + 2);
                    if (close < 0) {
                        throw new SpfSyntaxException("an unclosed macro in \"" + printable(text) + "\"");
                    }
                    if (!literal.isEmpty()) {
                        tokens.add(new Literal(literal.toString()));
                        literal.setLength(0);
                    }
                    tokens.add(parseExpand(text.substring(i + 2, close), use, text));
                    i = close + 1;
                    tailStart = i;
                    endsWithMacro = true;
                    continue;
                }
                // RFC 7208 §7.1: a '%' not followed by '{', '%', '-' or '_' is a syntax error
                default -> throw new SpfSyntaxException("'%" + describe(next) + "' is not a macro in \"" + printable(text) + "\"");
            }
            i += 2;
            tailStart = i;
            endsWithMacro = true;
        }
        if (!literal.isEmpty()) {
            tokens.add(new Literal(literal.toString()));
        }
        if (use == Use.DOMAIN_SPEC && !endsWithMacro && !endsWithTopLabel(text.substring(tailStart))) {
            // RFC 7208 §7.1: domain-spec = macro-string domain-end
            throw new SpfSyntaxException("\"" + printable(text) + "\" does not end in a top-level domain label or a macro");
        }
        return new SpfMacro(tokens);
    }

    /** Expands for a DNS query: only the right end is kept once it is far longer than a name can be. */
    String expandDomain(Values values) {
        StringBuilder out = new StringBuilder();
        for (Token token : tokens) {
            out.append(expand(token, values));
            if (out.length() > 4 * DOMAIN_TAIL) {
                // RFC 7208 §7.3 truncation removes labels from the left, so the left end cannot matter
                out.delete(0, out.length() - DOMAIN_TAIL);
            }
        }
        return out.toString();
    }

    /** Expands explanation text, cut to {@code maxLength} characters. */
    String expandText(Values values, int maxLength) {
        StringBuilder out = new StringBuilder();
        for (Token token : tokens) {
            out.append(expand(token, values));
            if (out.length() >= maxLength) {
                out.setLength(maxLength);
                break;
            }
        }
        return out.toString();
    }

    private static Expand parseExpand(String body, Use use, String text) throws SpfSyntaxException {
        if (body.isEmpty()) {
            throw new SpfSyntaxException("an empty macro in \"" + printable(text) + "\"");
        }
        char letter = body.charAt(0);
        char lower = Character.toLowerCase(letter);
        if (letter > 0x7e || use.letters.indexOf(lower) < 0) {
            // RFC 7208 §7.2: c, r and t only in explanation text
            throw new SpfSyntaxException("'" + describe(letter) + "' is not a macro letter here, in \"" + printable(text) + "\"");
        }
        int i = 1;
        long digits = 0;
        boolean hasDigits = false;
        while (i < body.length() && body.charAt(i) >= '0' && body.charAt(i) <= '9') {
            digits = Math.min(digits * 10 + (body.charAt(i) - '0'), Integer.MAX_VALUE);
            hasDigits = true;
            i++;
        }
        if (hasDigits && digits == 0) {
            // RFC 7208 §7.3: if a DIGIT is specified, the value MUST be nonzero
            throw new SpfSyntaxException("a macro keeps zero parts in \"" + printable(text) + "\"");
        }
        boolean reverse = false;
        if (i < body.length() && (body.charAt(i) == 'r' || body.charAt(i) == 'R')) {
            reverse = true;
            i++;
        }
        String delimiters = body.substring(i);
        for (char c : delimiters.toCharArray()) {
            if (DELIMITERS.indexOf(c) < 0) {
                throw new SpfSyntaxException("'" + describe(c) + "' is not a macro delimiter, in \"" + printable(text) + "\"");
            }
        }
        return new Expand(lower, Character.isUpperCase(letter), (int) digits, reverse,
                delimiters.isEmpty() ? "." : delimiters);
    }

    private static String expand(Token token, Values values) {
        return switch (token) {
            case Literal literal -> literal.text();
            case Expand macro -> transform(macro, values.value(macro.letter()));
        };
    }

    /** RFC 7208 §7.3: split on the delimiters, reverse, keep the right-hand parts, join with dots. */
    private static String transform(Expand macro, String value) {
        List<String> parts = new ArrayList<>(Arrays.asList(split(value, macro.delimiters())));
        if (macro.reverse()) {
            Collections.reverse(parts);
        }
        if (macro.rightParts() > 0 && macro.rightParts() < parts.size()) {
            parts = parts.subList(parts.size() - macro.rightParts(), parts.size());
        }
        String joined = String.join(".", parts);
        return macro.urlEscape() ? urlEscape(joined) : joined;
    }

    private static String[] split(String value, String delimiters) {
        List<String> parts = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < value.length(); i++) {
            if (delimiters.indexOf(value.charAt(i)) >= 0) {
                parts.add(value.substring(start, i));
                start = i + 1;
            }
        }
        parts.add(value.substring(start));
        return parts.toArray(String[]::new);
    }

    /** RFC 7208 §7.3: upper-case macro letters URL-escape every character outside "unreserved" (RFC 3986). */
    private static String urlEscape(String value) {
        StringBuilder out = new StringBuilder();
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '.' || c == '_' || c == '~') {
                out.append((char) c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return out.toString();
    }

    private static boolean endsWithTopLabel(String tail) {
        String name = tail.endsWith(".") ? tail.substring(0, tail.length() - 1) : tail;
        int dot = name.lastIndexOf('.');
        return dot >= 0 && TOPLABEL.matcher(name.substring(dot + 1)).matches();
    }

    private static String describe(char c) {
        return c >= 0x21 && c <= 0x7e ? String.valueOf(c) : String.format("U+%04X", (int) c);
    }

    /** The text with anything not visible ASCII shown as U+XXXX, cut to a readable length. */
    static String printable(String text) {
        StringBuilder out = new StringBuilder();
        for (char c : text.toCharArray()) {
            out.append(c >= 0x20 && c <= 0x7e ? String.valueOf(c) : String.format("U+%04X", (int) c));
            if (out.length() > 80) {
                return out.substring(0, 80) + "…";
            }
        }
        return out.toString();
    }
}
