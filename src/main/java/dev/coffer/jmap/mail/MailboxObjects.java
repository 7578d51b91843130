package dev.coffer.jmap.mail;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.coffer.mailbox.MailboxInfo;
import dev.coffer.mailbox.MailboxNames;
import java.util.Optional;
import java.util.Set;

/**
 * Mailbox objects (RFC 8621 §2) from IMAP mailboxes: the IMAP name {@code A/B} is the Mailbox
 * {@code B} whose parent is {@code A} (when {@code A} exists), the role comes from the
 * special-use attribute, and every right is the owner's.
 */
final class MailboxObjects {

    static final Set<String> PROPERTIES = Set.of("id", "name", "parentId", "role", "sortOrder", "totalEmails",
            "unreadEmails", "totalThreads", "unreadThreads", "myRights", "isSubscribed");
    static final Set<String> COUNTS = Set.of("totalEmails", "unreadEmails", "totalThreads", "unreadThreads");

    private MailboxObjects() {}

    static ObjectNode mailbox(MailboxInfo mailbox, MailView view, Set<String> properties) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        MailView.Counts counts = view.counts(mailbox.id());
        long total = counts.total();
        long unread = counts.unread();
        Optional<MailboxInfo> parent = parent(mailbox, view);
        for (String property : properties) {
            switch (property) {
                case "id" -> node.put("id", MailIds.mailbox(mailbox.id()));
                case "name" -> node.put("name", parent.isPresent()
                        ? mailbox.name().substring(parent.get().name().length() + 1) : mailbox.name());
                case "parentId" -> node.put("parentId", parent.map(p -> MailIds.mailbox(p.id())).orElse(null));
                case "role" -> node.put("role", Roles.role(mailbox.name(), mailbox.specialUse()));
                case "sortOrder" -> node.put("sortOrder", mailbox.name().equals(MailboxNames.INBOX) ? 0 : 10);
                // Each Email is its own Thread (MailIds), so thread counts equal email counts.
                case "totalEmails", "totalThreads" -> node.put(property, total);
                case "unreadEmails", "unreadThreads" -> node.put(property, unread);
                case "myRights" -> {
                    ObjectNode rights = node.putObject("myRights");
                    for (String right : new String[] {"mayReadItems", "mayAddItems", "mayRemoveItems",
                            "maySetSeen", "maySetKeywords", "mayCreateChild", "mayRename", "mayDelete",
                            "maySubmit"}) {
                        rights.put(right, true);
                    }
                    rights.put("mayDelete", !mailbox.name().equals(MailboxNames.INBOX));
                    rights.put("mayRename", !mailbox.name().equals(MailboxNames.INBOX));
                }
                case "isSubscribed" -> node.put("isSubscribed", mailbox.subscribed());
                default -> node.putNull(property);
            }
        }
        return node;
    }

    /** The mailbox whose IMAP name is this one's up to the last delimiter, if it exists. */
    static Optional<MailboxInfo> parent(MailboxInfo mailbox, MailView view) {
        int last = mailbox.name().lastIndexOf(MailboxNames.DELIMITER);
        if (last <= 0) {
            return Optional.empty();
        }
        String parentName = mailbox.name().substring(0, last);
        return view.mailboxes().stream().filter(m -> m.name().equals(parentName)).findFirst();
    }
}
