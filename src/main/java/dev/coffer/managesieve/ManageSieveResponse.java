package dev.coffer.managesieve;

import java.nio.charset.StandardCharsets;

/** Builds the lines the server sends (RFC 5804 §1.3, §4): OK/NO/BYE with a code and a human-readable string. */
final class ManageSieveResponse {

    /** Longest text sent as a quoted string; longer texts go as literals. */
    private static final int MAX_QUOTED = 1024;

    private ManageSieveResponse() {}

    static String ok(String text) {
        return "OK " + string(text) + "\r\n";
    }

    static String ok(String code, String text) {
        return "OK (" + code + ") " + string(text) + "\r\n";
    }

    static String no(String code, String text) {
        return "NO " + (code == null ? "" : "(" + code + ") ") + string(text) + "\r\n";
    }

    static String bye(String text) {
        return "BYE " + string(text) + "\r\n";
    }

    /** A string as RFC 5804 §4 writes it: quoted when it can be, otherwise a literal {n}. */
    static String string(String value) {
        boolean quotable = value.length() <= MAX_QUOTED && value.chars().noneMatch(c -> c == '\r' || c == '\n' || c == 0);
        if (quotable) {
            return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
        }
        return "{" + value.getBytes(StandardCharsets.UTF_8).length + "}\r\n" + value;
    }
}
