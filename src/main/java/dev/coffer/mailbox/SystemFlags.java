package dev.coffer.mailbox;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** RFC 9051 §2.3.2 flags: system flags are case-insensitive and kept in their canonical spelling. */
public final class SystemFlags {

    public static final String SEEN = "\\Seen";
    public static final String ANSWERED = "\\Answered";
    public static final String FLAGGED = "\\Flagged";
    public static final String DELETED = "\\Deleted";
    public static final String DRAFT = "\\Draft";

    private static final List<String> ALL = List.of(SEEN, ANSWERED, FLAGGED, DELETED, DRAFT);

    private SystemFlags() {}

    public static Set<String> normalize(Set<String> flags) {
        Set<String> normalized = new LinkedHashSet<>();
        for (String flag : flags) {
            normalized.add(canonical(flag));
        }
        return normalized;
    }

    private static String canonical(String flag) {
        if (flag.startsWith("\\")) {
            String lower = flag.toLowerCase(Locale.ROOT);
            for (String system : ALL) {
                if (system.toLowerCase(Locale.ROOT).equals(lower)) {
                    return system;
                }
            }
        }
        return flag;
    }
}
