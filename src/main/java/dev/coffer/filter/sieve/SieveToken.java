package dev.coffer.filter.sieve;

/** One lexical token of a Sieve script (RFC 5228 §8.1), with the line it starts on. */
record SieveToken(Kind kind, String text, long number, int line) {

    enum Kind {
        IDENTIFIER, TAG, NUMBER, STRING, LEFT_BRACKET, RIGHT_BRACKET, LEFT_PAREN, RIGHT_PAREN,
        COMMA, SEMICOLON, LEFT_BRACE, RIGHT_BRACE, END
    }

    String describe() {
        return switch (kind) {
            case IDENTIFIER -> "'" + text + "'";
            case TAG -> "':" + text + "'";
            case NUMBER -> "number " + number;
            case STRING -> "a string";
            case END -> "the end of the script";
            default -> "'" + text + "'";
        };
    }
}
