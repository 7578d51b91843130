package dev.coffer.cli;

import java.util.ArrayList;
import java.util.List;

/** RFC 1035 §3.3.14: a TXT record is a sequence of strings of at most 255 octets each. */
final class TxtStrings {

    private static final int MAX = 255;

    private TxtStrings() {}

    /** The value as zone-file quoted strings, split into 255-octet pieces (RSA keys need two). */
    static String quote(String value) {
        List<String> pieces = new ArrayList<>();
        for (int start = 0; start < value.length(); start += MAX) {
            pieces.add("\"" + value.substring(start, Math.min(value.length(), start + MAX)) + "\"");
        }
        return String.join(" ", pieces);
    }
}
