package dev.coffer.jmap.mail;

import dev.coffer.mailbox.SystemFlags;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** RFC 8621 §4.1.1: JMAP keywords are IMAP flags, with {@code $seen} for {@code \Seen} and so on, lower-cased. */
final class Keywords {

    private static final Map<String, String> SYSTEM = Map.of(
            SystemFlags.SEEN, "$seen",
            SystemFlags.FLAGGED, "$flagged",
            SystemFlags.ANSWERED, "$answered",
            SystemFlags.DRAFT, "$draft");
    /** RFC 8621 §4.1.1: keyword characters are those of an IMAP atom minus the special ones. */
    private static final Pattern KEYWORD = Pattern.compile("[\\x21-\\x7e&&[^()\\]{%*\"\\\\]]{1,255}");

    private Keywords() {}

    /** The keywords of a message's flags; {@code \Deleted} and {@code \Recent} have none. */
    static Set<String> of(Set<String> flags) {
        Set<String> keywords = new LinkedHashSet<>();
        for (String flag : SystemFlags.normalize(flags)) {
            if (SYSTEM.containsKey(flag)) {
                keywords.add(SYSTEM.get(flag));
            } else if (!flag.startsWith("\\")) {
                keywords.add(flag.toLowerCase(Locale.ROOT));
            }
        }
        return keywords;
    }

    /** The IMAP flag of a keyword. */
    static String flag(String keyword) {
        String lower = keyword.toLowerCase(Locale.ROOT);
        for (Map.Entry<String, String> entry : SYSTEM.entrySet()) {
            if (entry.getValue().equals(lower)) {
                return entry.getKey();
            }
        }
        return lower;
    }

    static boolean valid(String keyword) {
        return KEYWORD.matcher(keyword).matches();
    }
}
