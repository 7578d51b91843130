package dev.coffer.mailauth.spf;

/** The qualifier in front of a mechanism and the result it gives on a match (RFC 7208 §4.6.2). */
enum SpfQualifier {
    PASS('+', SpfResult.Code.PASS),
    FAIL('-', SpfResult.Code.FAIL),
    SOFTFAIL('~', SpfResult.Code.SOFTFAIL),
    NEUTRAL('?', SpfResult.Code.NEUTRAL);

    private final char symbol;
    private final SpfResult.Code code;

    SpfQualifier(char symbol, SpfResult.Code code) {
        this.symbol = symbol;
        this.code = code;
    }

    SpfResult.Code code() {
        return code;
    }

    /** The qualifier written as {@code symbol}, or null if it is none. */
    static SpfQualifier of(char symbol) {
        for (SpfQualifier qualifier : values()) {
            if (qualifier.symbol == symbol) {
                return qualifier;
            }
        }
        return null;
    }
}
