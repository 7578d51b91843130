package dev.coffer.filter.sieve;

import java.util.ArrayList;
import java.util.List;

/** Splits a script into tokens (RFC 5228 §2 and §8.1): comments, strings, numbers, tags. */
final class SieveLexer {

    private final String source;
    private int position;
    private int line = 1;

    private SieveLexer(String source) {
        this.source = source;
    }

    static List<SieveToken> tokens(String source) throws SieveSyntaxException {
        SieveLexer lexer = new SieveLexer(source);
        List<SieveToken> tokens = new ArrayList<>();
        SieveToken token;
        do {
            token = lexer.next();
            tokens.add(token);
        } while (token.kind() != SieveToken.Kind.END);
        return tokens;
    }

    private SieveToken next() throws SieveSyntaxException {
        skipWhitespaceAndComments();
        if (position >= source.length()) {
            return token(SieveToken.Kind.END, "");
        }
        char c = source.charAt(position);
        switch (c) {
            case '[': position++; return token(SieveToken.Kind.LEFT_BRACKET, "[");
            case ']': position++; return token(SieveToken.Kind.RIGHT_BRACKET, "]");
            case '(': position++; return token(SieveToken.Kind.LEFT_PAREN, "(");
            case ')': position++; return token(SieveToken.Kind.RIGHT_PAREN, ")");
            case ',': position++; return token(SieveToken.Kind.COMMA, ",");
            case ';': position++; return token(SieveToken.Kind.SEMICOLON, ";");
            case '{': position++; return token(SieveToken.Kind.LEFT_BRACE, "{");
            case '}': position++; return token(SieveToken.Kind.RIGHT_BRACE, "}");
            case '"': return quoted();
            case ':': {
                position++;
                String name = identifier();
                if (name.isEmpty()) {
                    throw new SieveSyntaxException(line, "a tag needs a name after ':'");
                }
                return token(SieveToken.Kind.TAG, name);
            }
            default:
                break;
        }
        if (c >= '0' && c <= '9') {
            return number();
        }
        String name = identifier();
        if (name.isEmpty()) {
            throw new SieveSyntaxException(line, "unexpected character '" + c + "'");
        }
        if (name.equalsIgnoreCase("text") && position < source.length() && source.charAt(position) == ':') {
            position++;
            return multiLine();
        }
        return token(SieveToken.Kind.IDENTIFIER, name);
    }

    private SieveToken token(SieveToken.Kind kind, String text) {
        return new SieveToken(kind, text, 0, line);
    }

    private void skipWhitespaceAndComments() throws SieveSyntaxException {
        while (position < source.length()) {
            char c = source.charAt(position);
            if (c == '\n') {
                line++;
                position++;
            } else if (c == ' ' || c == '\t' || c == '\r') {
                position++;
            } else if (c == '#') {
                while (position < source.length() && source.charAt(position) != '\n') {
                    position++;
                }
            } else if (c == '/' && source.startsWith("/*", position)) {
                int start = line;
                int end = source.indexOf("*/", position + 2);
                if (end < 0) {
                    throw new SieveSyntaxException(start, "the comment that starts here is never closed with */");
                }
                countLines(position, end);
                position = end + 2;
            } else {
                return;
            }
        }
    }

    /** RFC 5228 §2.3: identifier = (ALPHA / "_") *(ALPHA / DIGIT / "_"). */
    private String identifier() {
        int start = position;
        while (position < source.length()) {
            char c = source.charAt(position);
            boolean letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
            if (!(letter || (position > start && c >= '0' && c <= '9'))) {
                break;
            }
            position++;
        }
        return source.substring(start, position);
    }

    /** RFC 5228 §2.4.1: digits with an optional K, M or G quantifier. */
    private SieveToken number() throws SieveSyntaxException {
        int start = position;
        while (position < source.length() && Character.isDigit(source.charAt(position))) {
            position++;
        }
        long value;
        try {
            value = Long.parseLong(source.substring(start, position));
        } catch (NumberFormatException e) {
            throw new SieveSyntaxException(line, "the number is too large");
        }
        if (position < source.length()) {
            long factor = switch (Character.toUpperCase(source.charAt(position))) {
                case 'K' -> 1L << 10;
                case 'M' -> 1L << 20;
                case 'G' -> 1L << 30;
                default -> 1;
            };
            if (factor > 1) {
                position++;
                if (value > Long.MAX_VALUE / factor) {
                    throw new SieveSyntaxException(line, "the number is too large");
                }
                value *= factor;
            }
        }
        return new SieveToken(SieveToken.Kind.NUMBER, source.substring(start, position), value, line);
    }

    /** RFC 5228 §2.4.2: only \" and \\ are escapes; any other backslash is dropped. */
    private SieveToken quoted() throws SieveSyntaxException {
        int start = line;
        position++;
        StringBuilder text = new StringBuilder();
        while (true) {
            if (position >= source.length()) {
                throw new SieveSyntaxException(start, "the string that starts here is never closed with \"");
            }
            char c = source.charAt(position++);
            if (c == '"') {
                return new SieveToken(SieveToken.Kind.STRING, text.toString(), 0, start);
            }
            if (c == '\\' && position < source.length()) {
                c = source.charAt(position++);
            }
            if (c == '\n') {
                line++;
            }
            text.append(c);
        }
    }

    /** RFC 5228 §2.4.2: "text:" up to a line holding only ".", with dot-stuffing undone. */
    private SieveToken multiLine() throws SieveSyntaxException {
        int start = line;
        while (position < source.length() && (source.charAt(position) == ' ' || source.charAt(position) == '\t')) {
            position++;
        }
        if (position < source.length() && source.charAt(position) == '#') {
            while (position < source.length() && source.charAt(position) != '\n') {
                position++;
            }
        }
        if (position < source.length() && source.charAt(position) == '\r') {
            position++;
        }
        if (position >= source.length() || source.charAt(position) != '\n') {
            throw new SieveSyntaxException(line, "'text:' must be followed by a line break");
        }
        position++;
        line++;
        StringBuilder text = new StringBuilder();
        while (true) {
            if (position >= source.length()) {
                throw new SieveSyntaxException(start, "the multi-line string that starts here never ends with a line holding only '.'");
            }
            int end = source.indexOf('\n', position);
            String row = source.substring(position, end < 0 ? source.length() : end);
            position = end < 0 ? source.length() : end + 1;
            line++;
            if (row.endsWith("\r")) {
                row = row.substring(0, row.length() - 1);
            }
            if (row.equals(".")) {
                return new SieveToken(SieveToken.Kind.STRING, text.toString(), 0, start);
            }
            text.append(row.startsWith("..") ? row.substring(1) : row).append("\r\n");
        }
    }

    private void countLines(int from, int to) {
        for (int i = from; i < to; i++) {
            if (source.charAt(i) == '\n') {
                line++;
            }
        }
    }
}
