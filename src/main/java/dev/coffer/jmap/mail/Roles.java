package dev.coffer.jmap.mail;

import java.util.Locale;
import java.util.Map;

/** RFC 8621 §2: a Mailbox role is the lower-cased RFC 6154 special-use attribute; INBOX has role inbox. */
final class Roles {

    private static final Map<String, String> BY_SPECIAL_USE = Map.of(
            "\\All", "all", "\\Archive", "archive", "\\Drafts", "drafts", "\\Flagged", "flagged",
            "\\Junk", "junk", "\\Sent", "sent", "\\Trash", "trash", "\\Important", "important");

    private Roles() {}

    static String role(String name, String specialUse) {
        if (name.equals("INBOX")) {
            return "inbox";
        }
        return specialUse == null ? null : BY_SPECIAL_USE.get(specialUse);
    }

    /** The special-use attribute of a role, or null when the role has none. */
    static String specialUse(String role) {
        for (Map.Entry<String, String> entry : BY_SPECIAL_USE.entrySet()) {
            if (entry.getValue().equals(role.toLowerCase(Locale.ROOT))) {
                return entry.getKey();
            }
        }
        return null;
    }
}
