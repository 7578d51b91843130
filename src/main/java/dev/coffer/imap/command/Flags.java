package dev.coffer.imap.command;

import java.util.Locale;
import java.util.Set;

/** System flags (RFC 9051 §2.3.2) as clients may spell them. */
final class Flags {

    static final Set<String> SYSTEM = Set.of("\\Seen", "\\Answered", "\\Flagged", "\\Deleted", "\\Draft");

    private Flags() {}

    /** {@code \SEEN} as {@code \Seen}: a backslash flag in the case the server stores. */
    static String capitalized(String flag) {
        if (flag.length() < 2) {
            return flag;
        }
        return flag.substring(0, 2).toUpperCase(Locale.ROOT) + flag.substring(2).toLowerCase(Locale.ROOT);
    }
}
