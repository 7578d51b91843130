package dev.coffer.jmap.mail;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.coffer.jmap.Jmap;
import dev.coffer.jmap.JmapBlobs;
import dev.coffer.jmap.JmapCapability;
import dev.coffer.jmap.JmapDataType;
import dev.coffer.jmap.JmapLimits;
import dev.coffer.jmap.JmapMethod;
import dev.coffer.jmap.PushHub;
import dev.coffer.jmap.Uploads;
import dev.coffer.mailbox.MailboxService;
import dev.coffer.store.Account;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Builds Coffer's JMAP server: core, the mail methods of RFC 8621 over the mailbox service,
 * and the methods, capabilities and data types of other packages (identities, submission,
 * vacation, keys) given as extras.
 */
public final class MailJmap {

    private MailJmap() {}

    /** The Thread of an Email id: each Email is its own Thread (see {@code MailIds}); empty for a malformed id. */
    public static Optional<String> threadOf(Account account, String emailId) {
        return MailIds.storeBlob(emailId, 'E').map(MailIds::thread);
    }

    public static Jmap create(MailboxService mailboxes, JmapLimits limits, PushHub push, HeldMessages held,
                              Clock clock, List<JmapMethod> extraMethods, List<JmapCapability> extraCapabilities,
                              List<JmapDataType> extraDataTypes) {
        Uploads uploads = new Uploads(limits.maxUploadsHeld(), 4 * limits.maxSizeUpload(), clock);
        MailContext context = new MailContext(mailboxes, limits, uploads, held, push);
        List<JmapMethod> methods = new ArrayList<>(List.of(
                new MailboxGet(context), new MailboxChanges(context), new MailboxQuery(context),
                new MailboxSet(context),
                new EmailGet(context), EmailChanges.emails(context), new EmailQuery(context),
                new EmailQueryChanges(), new EmailSet(context), new EmailImport(context), new EmailCopy(),
                new ThreadGet(context), EmailChanges.threads(context),
                new SearchSnippetGet(context)));
        methods.addAll(extraMethods);
        List<JmapCapability> capabilities = new ArrayList<>();
        capabilities.add(capability(mailboxes));
        capabilities.addAll(extraCapabilities);
        List<JmapDataType> dataTypes = new ArrayList<>(MailDataTypes.of(mailboxes));
        dataTypes.addAll(extraDataTypes);
        List<JmapBlobs> blobs = List.of(new EmailBlobs(mailboxes));
        return new Jmap(limits, methods, capabilities, dataTypes, blobs, uploads, push, clock);
    }

    /** RFC 8621 §1.3.1: {@code urn:ietf:params:jmap:mail}; its session value is empty, its account value holds the limits. */
    private static JmapCapability capability(MailboxService mailboxes) {
        ObjectNode account = JsonNodeFactory.instance.objectNode();
        account.putNull("maxMailboxesPerEmail");
        account.putNull("maxMailboxDepth");
        account.put("maxSizeMailboxName", 490);
        account.put("maxSizeAttachmentsPerEmail", mailboxes.appendLimit());
        EmailQuery.SORTS.forEach(account.putArray("emailQuerySortOptions")::add);
        account.put("mayCreateTopLevelMailbox", true);
        return new JmapCapability(MailContext.MAIL, JsonNodeFactory.instance.objectNode(), account);
    }
}
