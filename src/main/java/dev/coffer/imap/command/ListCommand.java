package dev.coffer.imap.command;

import dev.coffer.imap.ImapCommand;
import dev.coffer.imap.ImapWriter;
import dev.coffer.mailbox.MailboxException;
import dev.coffer.mailbox.MailboxInfo;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * LIST and LSUB (RFC 9051 §6.3.9, RFC 3501 §6.3.9) with RFC 5258 LIST-EXTENDED,
 * RFC 6154 SPECIAL-USE, RFC 3348 CHILDREN and RFC 5819 LIST-STATUS. The hierarchy
 * delimiter is {@code /}.
 */
public final class ListCommand {

    private ListCommand() {}

    public static void handle(ImapContext context, String tag, ImapCommand.ListMailboxes list)
            throws IOException {
        list(context, list);
        context.announce(true);
        context.ok(tag, list.verb() + " completed");
    }

    private static void list(ImapContext context, ImapCommand.ListMailboxes list) throws IOException {
        ImapWriter out = context.out();
        if (list.patterns().size() == 1 && list.patterns().getFirst().isEmpty() && !list.lsub()) {
            // RFC 9051 §6.3.9: an empty pattern asks for the delimiter and the root
            out.untagged("LIST (\\Noselect) \"/\" \"\"");
            return;
        }
        List<MailboxInfo> all = context.mailboxes().list(context.account().id());
        Map<String, MailboxInfo> byName = new LinkedHashMap<>();
        for (MailboxInfo info : all) {
            byName.put(info.name(), info);
        }
        String reference = context.name(list.reference().isEmpty() ? "" : list.reference());
        if (list.reference().isEmpty()) {
            reference = "";
        } else if (!reference.endsWith("/")) {
            reference = reference + "/";
        }
        List<Pattern> patterns = new ArrayList<>();
        for (String pattern : list.patterns()) {
            patterns.add(compile(reference + context.name(pattern).replaceAll("/$", "")
                    + (pattern.endsWith("/") ? "/" : "")));
        }
        boolean subscribedOnly = list.lsub() || list.selection().contains("SUBSCRIBED");
        boolean specialUseOnly = list.selection().contains("SPECIAL-USE");
        boolean showSubscribed = list.selection().contains("SUBSCRIBED") || list.returns().contains("SUBSCRIBED");
        // names that only exist as parents of others (RFC 9051 §6.3.9: \Noselect / \NonExistent)
        Map<String, Boolean> candidates = new LinkedHashMap<>();
        for (MailboxInfo info : all) {
            candidates.put(info.name(), true);
            String name = info.name();
            int slash = name.lastIndexOf('/');
            while (slash > 0) {
                name = name.substring(0, slash);
                candidates.putIfAbsent(name, false);
                slash = name.lastIndexOf('/');
            }
        }
        for (Map.Entry<String, Boolean> candidate : candidates.entrySet()) {
            String name = candidate.getKey();
            if (patterns.stream().noneMatch(p -> p.matcher(name).matches())) {
                continue;
            }
            MailboxInfo info = byName.get(name);
            boolean exists = candidate.getValue();
            if (!exists && !hasChildren(name, all, subscribedOnly)) {
                continue;
            }
            if (subscribedOnly && (info == null || !info.subscribed())) {
                continue;
            }
            if (specialUseOnly && (info == null || info.specialUse() == null)) {
                continue;
            }
            List<String> attributes = new ArrayList<>();
            if (!exists) {
                attributes.add(list.lsub() ? "\\Noselect" : "\\NonExistent");
            }
            if (!list.lsub()) {
                attributes.add(hasChildren(name, all, false) ? "\\HasChildren" : "\\HasNoChildren");
            }
            if (info != null && info.subscribed() && showSubscribed) {
                attributes.add("\\Subscribed");
            }
            if (info != null && info.specialUse() != null && !list.lsub()) {
                attributes.add(info.specialUse());
            }
            out.untagged((list.lsub() ? "LSUB" : "LIST") + " (" + String.join(" ", attributes) + ") \"/\" "
                    + context.wire(name));
            if (info != null && !list.statusItems().isEmpty()) {
                try {
                    out.untagged(Status.statusLine(context, info, list.statusItems()));
                } catch (MailboxException e) {
                    // RFC 5819 §2: a mailbox whose status cannot be read is listed without it
                }
            }
        }
    }

    private static boolean hasChildren(String name, List<MailboxInfo> all, boolean subscribedOnly) {
        String prefix = name + "/";
        for (MailboxInfo info : all) {
            if (info.name().startsWith(prefix) && (!subscribedOnly || info.subscribed())) {
                return true;
            }
        }
        return false;
    }

    /** RFC 9051 §6.3.9: {@code *} matches anything, {@code %} anything but the delimiter; INBOX is case-insensitive. */
    private static Pattern compile(String pattern) {
        StringBuilder regex = new StringBuilder();
        String rest = pattern;
        if (pattern.regionMatches(true, 0, "INBOX", 0, 5) && (pattern.length() == 5 || pattern.charAt(5) == '/')) {
            regex.append("INBOX");
            rest = pattern.substring(5);
        }
        for (char c : rest.toCharArray()) {
            switch (c) {
                case '*' -> regex.append(".*");
                case '%' -> regex.append("[^/]*");
                default -> regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(regex.toString(), Pattern.DOTALL);
    }
}
