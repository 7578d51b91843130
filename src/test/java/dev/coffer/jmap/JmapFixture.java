package dev.coffer.jmap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.coffer.account.AccountService;
import dev.coffer.account.Address;
import dev.coffer.account.Enrollment;
import dev.coffer.crypto.MessageEncryption;
import dev.coffer.jmap.mail.HeldMessages;
import dev.coffer.jmap.mail.MailJmap;
import dev.coffer.mail.MessageLimits;
import dev.coffer.mail.MessageParser;
import dev.coffer.mailbox.MailboxInfo;
import dev.coffer.mailbox.MessageSealer;
import dev.coffer.mailbox.StoreMailboxService;
import dev.coffer.store.Account;
import dev.coffer.store.Store;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * A real store with {@link #ALICE}, the mailbox service over it and Coffer's JMAP server, for
 * tests that run JMAP requests as a client would send them.
 */
public final class JmapFixture implements AutoCloseable {

    public static final String ALICE = "alice@example.org";
    public static final String PASSWORD = "a password for alice";
    public static final String CORE = "urn:ietf:params:jmap:core";
    public static final String MAIL = "urn:ietf:params:jmap:mail";
    static final ObjectMapper JSON = new ObjectMapper();

    public final Store store;
    public final Account alice;
    public final StoreMailboxService mailboxes;
    public final HeldMessages held;
    public final PushHub push;
    public final Jmap jmap;
    public final JmapLimits limits;

    public JmapFixture(Path directory) throws Exception {
        this(directory, new JmapLimits(1_000_000, 2, 200_000, 2, 8, 10, 10, 4, 2));
    }

    public JmapFixture(Path directory, JmapLimits limits) throws Exception {
        this.limits = limits;
        store = Store.open(directory);
        AccountService accounts = new AccountService(store);
        accounts.addDomain("example.org");
        Address address = Address.parse(ALICE);
        alice = accounts.createAccount(address, Enrollment.forNewAccount(address, PASSWORD.toCharArray()));
        mailboxes = new StoreMailboxService(store, new MessageSealer(new MessageEncryption()),
                new MessageParser(MessageLimits.withMimeDepth(10)), 1_000_000);
        held = new HeldMessages(8, 4_000_000, Clock.systemUTC());
        push = new PushHub(mailboxes);
        jmap = MailJmap.create(mailboxes, limits, push, held, Clock.systemUTC(), List.of(), List.of(), List.of());
    }

    public String accountId() {
        return "A" + alice.id();
    }

    /** Runs a request made of these method calls (each [name, arguments, id]) with core and mail in using. */
    public JsonNode request(String methodCalls) throws Exception {
        return jmap.api(alice, Login.WEB_SESSION, ("{\"using\":[\"" + CORE + "\",\"" + MAIL + "\"],\"methodCalls\":"
                + methodCalls.replace("$ACCOUNT", accountId()) + "}").getBytes(StandardCharsets.UTF_8));
    }

    /** The arguments of the only response of a one-call request. */
    public JsonNode call(String name, String arguments) throws Exception {
        JsonNode response = request("[[\"" + name + "\"," + arguments + ",\"c1\"]]");
        JsonNode invocation = response.get("methodResponses").get(0);
        if (invocation.get(0).asText().equals("error")) {
            return invocation.get(1);
        }
        return invocation.get(1);
    }

    public ObjectNode parse(String json) throws Exception {
        return (ObjectNode) JSON.readTree(json);
    }

    public MailboxInfo mailbox(String name) {
        return mailboxes.find(alice.id(), name).orElseThrow();
    }

    /** Delivers (appends) a plain message with this Message-ID to a mailbox; returns its UID. */
    public long deliver(String mailbox, String messageId, Set<String> flags) throws Exception {
        String message = "From: Bob <bob@example.net>\r\nTo: " + ALICE + "\r\nSubject: secret subject\r\n"
                + "Date: Sat, 28 Nov 2026 10:00:00 +0100\r\nMessage-ID: <" + messageId + ">\r\n\r\nsecret body\r\n";
        return mailboxes.append(alice, mailbox(mailbox).id(), message.getBytes(StandardCharsets.UTF_8), flags,
                Instant.now()).uid();
    }

    /** The JMAP Email id of the message with this UID in that mailbox. */
    public String emailId(String mailbox, long uid) {
        return "E" + mailboxes.messages(mailbox(mailbox).id()).stream().filter(m -> m.uid() == uid).findFirst()
                .orElseThrow().blobId();
    }

    @Override
    public void close() {
        store.close();
    }
}
