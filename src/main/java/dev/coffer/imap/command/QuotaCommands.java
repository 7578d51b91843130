package dev.coffer.imap.command;

import dev.coffer.imap.ImapCommand;
import dev.coffer.mailbox.MailboxInfo;
import dev.coffer.mailbox.Quota;
import java.io.IOException;
import java.util.Optional;

/** RFC 9208 QUOTA: one quota root, "", for the whole account. */
public final class QuotaCommands {

    private QuotaCommands() {}

    public static void getQuotaRoot(ImapContext context, String tag, ImapCommand.GetQuotaRoot getQuotaRoot)
            throws IOException {
        Optional<MailboxInfo> found =
                context.mailboxes().find(context.account().id(), context.name(getQuotaRoot.mailbox()));
        if (found.isEmpty()) {
            context.out().tagged(tag, "NO", "NONEXISTENT", "No such mailbox");
            return;
        }
        Quota quota = context.mailboxes().quota(context.account().id());
        if (quota.limitOctets().isEmpty()) {
            context.out().untagged("QUOTAROOT " + context.wire(found.get().name()));
        } else {
            context.out().untagged("QUOTAROOT " + context.wire(found.get().name()) + " \"\"");
            context.out().untagged(quotaLine(quota));
        }
        context.ok(tag, "GETQUOTAROOT completed");
    }

    public static void getQuota(ImapContext context, String tag, ImapCommand.GetQuota getQuota) throws IOException {
        Quota quota = context.mailboxes().quota(context.account().id());
        if (!getQuota.root().isEmpty() || quota.limitOctets().isEmpty()) {
            context.out().tagged(tag, "NO", "NONEXISTENT", "No such quota root");
            return;
        }
        context.out().untagged(quotaLine(quota));
        context.ok(tag, "GETQUOTA completed");
    }

    public static void setQuota(ImapContext context, String tag) throws IOException {
        context.out().tagged(tag, "NO", "CANNOT", "Quotas are set by the administrator");
    }

    private static String quotaLine(Quota quota) {
        // RFC 9208 §5.1: STORAGE is counted in units of 1024 octets
        return "QUOTA \"\" (STORAGE " + (quota.usedOctets() + 1023) / 1024 + " "
                + quota.limitOctets().getAsLong() / 1024 + ")";
    }
}
