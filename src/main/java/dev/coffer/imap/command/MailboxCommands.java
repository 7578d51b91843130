package dev.coffer.imap.command;

import dev.coffer.imap.ImapCommand;
import dev.coffer.imap.SelectedMailbox;
import dev.coffer.mailbox.MailboxException;
import dev.coffer.mailbox.MailboxService;
import java.io.IOException;
import java.util.Set;

/** CREATE, DELETE, RENAME, SUBSCRIBE and UNSUBSCRIBE: RFC 9051 §6.3.4–§6.3.8. */
public final class MailboxCommands {

    private static final Set<String> SPECIAL_USES =
            Set.of("\\All", "\\Archive", "\\Drafts", "\\Flagged", "\\Junk", "\\Sent", "\\Trash", "\\Important");

    private MailboxCommands() {}

    /** RFC 9051 §6.3.4 with RFC 6154 CREATE-SPECIAL-USE. */
    public static void create(ImapContext context, String tag, ImapCommand.Create create)
            throws IOException, MailboxException {
        MailboxService mailboxes = context.mailboxes();
        String name = context.name(create.mailbox());
        if (name.isEmpty() || name.equals("INBOX") && mailboxes.find(context.account().id(), "INBOX").isPresent()) {
            context.out().tagged(tag, "NO", "ALREADYEXISTS", "Mailbox already exists");
            return;
        }
        String use = null;
        if (!create.specialUse().isEmpty()) {
            String first = Flags.capitalized(create.specialUse().getFirst());
            if (create.specialUse().size() > 1 || !SPECIAL_USES.contains(first)) {
                context.out().tagged(tag, "NO", "USEATTR", "Only one of " + String.join(" ", SPECIAL_USES) + " may be given");
                return;
            }
            use = first;
        }
        mailboxes.create(context.account().id(), name, use);
        context.announce(true);
        context.ok(tag, "CREATE completed");
    }

    public static void delete(ImapContext context, String tag, ImapCommand.Delete delete)
            throws IOException, MailboxException {
        String name = context.name(delete.mailbox());
        SelectedMailbox selected = context.selected();
        if (selected != null && selected.info().name().equals(name)) {
            context.deselect(false);
        }
        context.mailboxes().delete(context.account().id(), name);
        context.announce(true);
        context.ok(tag, "DELETE completed");
    }

    public static void rename(ImapContext context, String tag, ImapCommand.Rename rename)
            throws IOException, MailboxException {
        SelectedMailbox selected = context.selected();
        if (selected != null && selected.info().name().equals(context.name(rename.from()))) {
            context.deselect(true);
        }
        context.mailboxes().rename(context.account().id(), context.name(rename.from()), context.name(rename.to()));
        context.announce(true);
        context.ok(tag, "RENAME completed");
    }

    public static void subscribe(ImapContext context, String tag, ImapCommand.Subscribe subscribe)
            throws IOException, MailboxException {
        context.mailboxes().setSubscribed(context.account().id(), context.name(subscribe.mailbox()),
                subscribe.subscribe());
        context.announce(true);
        context.ok(tag, subscribe.verb() + " completed");
    }
}
