package dev.coffer.mailbox;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Mailbox name rules: {@code /} separates levels, INBOX is case-insensitive (RFC 9051 §5.1). */
public final class MailboxNames {

    public static final char DELIMITER = '/';
    public static final String INBOX = "INBOX";

    /** RFC 6154 §2 and RFC 9051 §7.3.1 special-use attributes a client may ask CREATE for. */
    public static final Set<String> SPECIAL_USES =
            Set.of("\\All", "\\Archive", "\\Drafts", "\\Flagged", "\\Junk", "\\Sent", "\\Trash");

    private static final int MAX_LENGTH = 512;

    private MailboxNames() {}

    /** The stored form: INBOX in upper case, everything else as given. */
    public static String normalize(String name) {
        if (name.equalsIgnoreCase(INBOX)) {
            return INBOX;
        }
        String prefix = INBOX + DELIMITER;
        if (name.length() > prefix.length() && name.substring(0, prefix.length()).equalsIgnoreCase(prefix)) {
            return prefix + name.substring(prefix.length());
        }
        return name;
    }

    public static void validate(String name) throws MailboxException {
        if (name.isEmpty() || name.length() > MAX_LENGTH) {
            throw cannot("a mailbox name must have 1 to " + MAX_LENGTH + " characters");
        }
        if (name.charAt(0) == DELIMITER || name.charAt(name.length() - 1) == DELIMITER
                || name.contains("" + DELIMITER + DELIMITER)) {
            throw cannot("a mailbox name cannot start or end with '/' or contain '//'");
        }
        // RFC 9051 §5.1: % and * are LIST wildcards; control characters are never allowed.
        if (name.chars().anyMatch(c -> c == '%' || c == '*' || c < 0x20 || c == 0x7f)) {
            throw cannot("a mailbox name cannot contain %, * or control characters");
        }
    }

    /** The names above this one in the hierarchy, outermost first: {@code a/b/c} → {@code a}, {@code a/b}. */
    public static List<String> parents(String name) {
        List<String> parents = new ArrayList<>();
        for (int i = name.indexOf(DELIMITER); i > 0; i = name.indexOf(DELIMITER, i + 1)) {
            parents.add(name.substring(0, i));
        }
        return parents;
    }

    public static boolean isInbox(String name) {
        return normalize(name).equals(INBOX);
    }

    private static MailboxException cannot(String message) {
        return new MailboxException(MailboxException.Reason.CANNOT, message);
    }
}
