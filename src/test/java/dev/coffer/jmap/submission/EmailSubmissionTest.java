package dev.coffer.jmap.submission;

import static dev.coffer.jmap.standard.JsonArguments.of;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.coffer.account.AccountService;
import dev.coffer.account.Address;
import dev.coffer.account.AliasService;
import dev.coffer.account.DomainDkimKeys;
import dev.coffer.account.Enrollment;
import dev.coffer.account.Recipient;
import dev.coffer.account.RecipientResolver;
import dev.coffer.crypto.MessageEncryption;
import dev.coffer.delivery.DeliveryPipeline;
import dev.coffer.dns.MailRouting;
import dev.coffer.dns.MtaStsPolicy;
import dev.coffer.dns.MxLookup;
import dev.coffer.dns.TlsaLookup;
import dev.coffer.jmap.identity.Identities;
import dev.coffer.jmap.standard.Limits;
import dev.coffer.jmap.standard.RecordingCall;
import dev.coffer.jmap.standard.RecordingStateChanges;
import dev.coffer.mail.MessageLimits;
import dev.coffer.mail.MessageParser;
import dev.coffer.mailbox.MailboxInfo;
import dev.coffer.mailbox.MessageSealer;
import dev.coffer.mailbox.StoreMailboxService;
import dev.coffer.queue.CertificateVerifier;
import dev.coffer.queue.PersistentQueue;
import dev.coffer.queue.QueueKey;
import dev.coffer.queue.QueueRunner;
import dev.coffer.queue.RetrySchedule;
import dev.coffer.queue.SmtpClient;
import dev.coffer.queue.SmtpTimeouts;
import dev.coffer.queue.TlsReports;
import dev.coffer.smtp.SubmissionPolicy;
import dev.coffer.smtp.policy.AccountLimits;
import dev.coffer.store.Account;
import dev.coffer.store.Store;
import dev.coffer.submission.SubmissionService;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * EmailSubmission end to end: the real submission service, DKIM keys, persistent queue and queue
 * runner, delivering over SMTP to a listener on loopback that stands for remote.example's MX.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EmailSubmissionTest {

    static final String ALICE = "alice@example.org";
    static final String BOB = "bob@example.org";

    final Map<String, byte[]> outgoing = new ConcurrentHashMap<>();
    final RecordingStateChanges pushed = new RecordingStateChanges();
    Store store;
    Account alice;
    SmtpSink sink;
    QueueRunner runner;
    StoreMailboxService mailboxes;
    EmailSubmissionSet set;
    EmailSubmissionGet get;
    EmailSubmissionQuery query;
    EmailSubmissionChanges changes;
    String aliceIdentity;
    RecordingCall call;
    EmailSubmissionSet limited;
    Identities identities;
    SubmissionService submission;
    RecipientResolver resolver;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        store = Store.open(dir);
        AccountService accounts = new AccountService(store);
        accounts.addDomain("example.org");
        alice = create(accounts, ALICE);
        create(accounts, BOB);
        AliasService aliases = new AliasService(store, accounts);
        aliases.add("sales@example.org", ALICE);
        resolver = new RecipientResolver(store, "+");
        MessageParser parser = new MessageParser(MessageLimits.withMimeDepth(10));
        MessageSealer sealer = new MessageSealer(new MessageEncryption());
        mailboxes = new StoreMailboxService(store, sealer, parser, 10_000_000);
        Clock clock = Clock.systemUTC();
        PersistentQueue queue = new PersistentQueue(store.queue(), store.blobs(), QueueKey.loadOrCreate(dir), clock);
        sink = new SmtpSink();
        runner = new QueueRunner(queue, new RemoteExample(),
                new SmtpClient("out.example.org", SmtpTimeouts.all(Duration.ofSeconds(5)), CertificateVerifier.withJdkTrust()),
                (to, dsn) -> { }, new TlsReports(store.queue(), "Coffer test", "postmaster@example.org"), sink.port(),
                new QueueRunner.Settings("out.example.org", 2, 8, Duration.ofMillis(100), RetrySchedule.defaults()));
        runner.start();
        submission = new SubmissionService(store, resolver, new DomainDkimKeys(store, clock),
                DeliveryPipeline.standard(resolver, parser, sealer, store), queue, mailboxes, parser, clock);
        identities = new Identities(store.identities(), store.objectChanges(), aliases, submission::ownsAddress);
        set = submissions(SubmissionPolicy.OPEN);
        limited = submissions(new AccountLimits(1, clock));
        get = new EmailSubmissionGet(store.submissions(), store.objectChanges(), queue::find, Limits.DEFAULTS);
        query = new EmailSubmissionQuery(store.submissions(), store.objectChanges());
        changes = new EmailSubmissionChanges(store.objectChanges());
        aliceIdentity = Long.toString(identities.list(alice).getFirst().id());
    }

    @BeforeEach
    void freshCall() {
        call = new RecordingCall(alice);
        sink.received.clear();
    }

    @AfterAll
    void stop() {
        runner.close();
        sink.close();
        store.close();
    }

    @Test
    void sendsThroughTheQueueWithTheEnvelopeFromTheHeadersAndWithoutBcc() throws Exception {
        email("E1", "From: Alice <" + ALICE + ">\r\nTo: carol@remote.example\r\nCc: Dave <dave@remote.example>\r\n"
                + "Bcc: erin@remote.example\r\nSubject: plans\r\n");
        int sentBefore = mailboxes.messages(sent().id()).size();

        JsonNode response = set.call(of("{'create':{'s1':{'identityId':'" + aliceIdentity + "','emailId':'E1'}},"
                + "'onSuccessUpdateEmail':{'#s1':{'keywords/$draft':null,'mailboxIds/sent':true}},"
                + "'onSuccessDestroyEmail':['#nope']}"), call);

        JsonNode created = response.get("created").get("s1");
        assertThat(created.get("undoStatus").asText()).isEqualTo("final");
        assertThat(created.get("threadId").asText()).isEqualTo("T-E1");
        assertThat(created.get("envelope").get("mailFrom").get("email").asText()).isEqualTo(ALICE);
        await(() -> !sink.received.isEmpty());
        SmtpSink.Received received = sink.received.getFirst();
        assertThat(received.envelope().reversePath()).isEqualTo(ALICE);
        assertThat(received.envelope().recipients())
                .containsExactlyInAnyOrder("carol@remote.example", "dave@remote.example", "erin@remote.example");
        assertThat(received.text()).contains("DKIM-Signature:", "Subject: plans").doesNotContain("Bcc:", "erin@");
        // RFC 8621 §7.5: the implicit Email/set, for the submission that succeeded only
        assertThat(call.followUps).singleElement().satisfies(followUp -> {
            assertThat(followUp.method()).isEqualTo("Email/set");
            assertThat(followUp.arguments().get("update").get("E1").get("mailboxIds/sent").asBoolean()).isTrue();
            assertThat(followUp.arguments().has("destroy")).isFalse();
        });
        assertThat(mailboxes.messages(sent().id())).as("the client files its own Email").hasSize(sentBefore);
        assertThat(pushed.changes).anyMatch(change -> change.dataTypes().contains("EmailSubmission"));
    }

    @Test
    void anExplicitEnvelopeIsUsedAsGivenAndTheEmailIsDestroyedOnSuccess() throws Exception {
        email("E2", "From: " + ALICE + "\r\nTo: carol@remote.example\r\nSubject: x\r\n");

        JsonNode response = set.call(of("{'create':{'s2':{'identityId':'" + aliceIdentity + "','emailId':'E2',"
                + "'envelope':{'mailFrom':{'email':'sales@example.org','parameters':null},"
                + "'rcptTo':[{'email':'frank@remote.example','parameters':null}]}}},"
                + "'onSuccessDestroyEmail':['#s2']}"), call);

        assertThat(response.get("created").get("s2").has("envelope")).isFalse();
        await(() -> !sink.received.isEmpty());
        assertThat(sink.received.getFirst().envelope().reversePath()).isEqualTo("sales@example.org");
        assertThat(sink.received.getFirst().envelope().recipients()).containsExactly("frank@remote.example");
        assertThat(call.followUps).singleElement().satisfies(followUp ->
                assertThat(followUp.arguments().get("destroy").get(0).asText()).isEqualTo("E2"));
    }

    @Test
    void aLocalRecipientGetsItAtOnceAndShowsAsDelivered() throws Exception {
        email("E3", "From: " + ALICE + "\r\nTo: " + BOB + "\r\nSubject: lunch\r\n");
        MailboxInfo inbox = mailboxes.find(store.accounts().findByAddress(BOB).orElseThrow().id(), "INBOX").orElseThrow();
        int before = mailboxes.messages(inbox.id()).size();

        String id = set.call(of("{'create':{'s3':{'identityId':'" + aliceIdentity + "','emailId':'E3'}}}"), call)
                .get("created").get("s3").get("id").asText();

        assertThat(mailboxes.messages(inbox.id())).hasSize(before + 1);
        JsonNode status = get.call(of("{'ids':['" + id + "']}"), call).get("list").get(0).get("deliveryStatus");
        assertThat(status.get(BOB).get("delivered").asText()).isEqualTo("yes");
    }

    @Test
    void deliveryStatusFollowsTheQueue() throws Exception {
        email("E4", "From: " + ALICE + "\r\nTo: later@remote.example\r\nSubject: x\r\n");

        String id = set.call(of("{'create':{'s4':{'identityId':'" + aliceIdentity + "','emailId':'E4'}}}"), call)
                .get("created").get("s4").get("id").asText();

        await(() -> {
            try {
                JsonNode status = get.call(of("{'ids':['" + id + "']}"), call).get("list").get(0).get("deliveryStatus");
                return status.get("later@remote.example").get("smtpReply").asText().startsWith("4");
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        });
        JsonNode status = get.call(of("{'ids':['" + id + "']}"), call).get("list").get(0).get("deliveryStatus");
        assertThat(status.get("later@remote.example").get("delivered").asText()).isEqualTo("queued");
    }

    @Test
    void refusesWhatSmtpSubmissionWouldRefuse() throws Exception {
        email("F1", "From: " + BOB + "\r\nTo: carol@remote.example\r\n");
        email("F2", "From: " + ALICE + "\r\nTo: carol@remote.example\r\n");
        email("F3", "From: " + ALICE + "\r\nSubject: nobody\r\n");
        email("F4", "To: carol@remote.example\r\n");

        JsonNode response = set.call(of("{'create':{"
                + "'a':{'identityId':'" + aliceIdentity + "','emailId':'F1'},"
                + "'b':{'identityId':'" + aliceIdentity + "','emailId':'F2','envelope':{'mailFrom':{'email':'" + BOB
                + "'},'rcptTo':[{'email':'carol@remote.example'}]}},"
                + "'c':{'identityId':'" + aliceIdentity + "','emailId':'F3'},"
                + "'d':{'identityId':'" + aliceIdentity + "','emailId':'F4'},"
                + "'e':{'identityId':'" + aliceIdentity + "','emailId':'gone'},"
                + "'f':{'identityId':'999','emailId':'F2'},"
                + "'g':{'identityId':'" + aliceIdentity + "','emailId':'F2','envelope':{'mailFrom':{'email':'" + ALICE
                + "'},'rcptTo':[{'email':'not an address'}]}}},"
                + "'onSuccessUpdateEmail':{'#a':{'keywords/$seen':true}}}"), call);

        JsonNode refused = response.get("notCreated");
        assertThat(refused.get("a").get("type").asText()).isEqualTo("forbiddenFrom");
        assertThat(refused.get("b").get("type").asText()).isEqualTo("forbiddenMailFrom");
        assertThat(refused.get("c").get("type").asText()).isEqualTo("noRecipients");
        assertThat(refused.get("d").get("type").asText()).isEqualTo("invalidEmail");
        assertThat(refused.get("e").get("type").asText()).isEqualTo("invalidProperties");
        assertThat(refused.get("f").get("properties").get(0).asText()).isEqualTo("identityId");
        assertThat(refused.get("g").get("type").asText()).isEqualTo("invalidRecipients");
        assertThat(refused.get("g").get("invalidRecipients").get(0).asText()).isEqualTo("not an address");
        assertThat(response.get("created").isNull()).isTrue();
        assertThat(call.followUps).isEmpty();
    }

    @Test
    void queryChangesCancelAndDestroy() throws Exception {
        String state = get.call(of("{'ids':[]}"), call).get("state").asText();
        email("Q1", "From: " + ALICE + "\r\nTo: " + BOB + "\r\n");
        email("Q2", "From: " + ALICE + "\r\nTo: " + BOB + "\r\n");
        set.call(of("{'create':{'q1':{'identityId':'" + aliceIdentity + "','emailId':'Q1'}}}"), call);
        set.call(of("{'create':{'q2':{'identityId':'" + aliceIdentity + "','emailId':'Q2'}}}"), call);
        String q1 = call.createdId("q1").orElseThrow();
        String q2 = call.createdId("q2").orElseThrow();

        JsonNode found = query.call(of("{'filter':{'emailIds':['Q1','Q2']},'sort':[{'property':'sentAt',"
                + "'isAscending':false}],'calculateTotal':true}"), call);
        JsonNode threads = query.call(of("{'filter':{'operator':'AND','conditions':[{'threadIds':['T-Q1']},"
                + "{'undoStatus':'final'}]}}"), call);
        JsonNode since = changes.call(of("{'sinceState':'" + state + "'}"), call);
        JsonNode cancel = set.call(of("{'update':{'" + q1 + "':{'undoStatus':'canceled'}}}"), call);
        JsonNode destroyed = set.call(of("{'destroy':['" + q2 + "']}"), call);

        assertThat(found.get("ids").toString()).isEqualTo("[\"" + q2 + "\",\"" + q1 + "\"]");
        assertThat(found.get("total").asInt()).isEqualTo(2);
        assertThat(threads.get("ids").toString()).isEqualTo("[\"" + q1 + "\"]");
        assertThat(since.get("created").toString()).contains(q1, q2);
        assertThat(cancel.get("notUpdated").get(q1).get("type").asText()).isEqualTo("cannotUnsend");
        assertThat(destroyed.get("destroyed").get(0).asText()).isEqualTo(q2);
        assertThat(get.call(of("{'ids':['" + q2 + "']}"), call).get("notFound").get(0).asText()).isEqualTo(q2);
    }

    @Test
    void theSendingLimitOfSmtpSubmissionHoldsForJmapToo() throws Exception {
        email("L1", "From: " + ALICE + "\r\nTo: " + BOB + "\r\n");
        email("L2", "From: " + ALICE + "\r\nTo: " + BOB + "\r\n");

        JsonNode first = limited.call(of("{'create':{'a':{'identityId':'" + aliceIdentity + "','emailId':'L1'}}}"), call);
        JsonNode second = limited.call(of("{'create':{'b':{'identityId':'" + aliceIdentity + "','emailId':'L2'}}}"), call);

        assertThat(first.get("created").has("a")).isTrue();
        assertThat(second.get("notCreated").get("b").get("type").asText()).isEqualTo("rateLimit");
    }

    private EmailSubmissionSet submissions(SubmissionPolicy policy) {
        return new EmailSubmissionSet(store.submissions(), store.objectChanges(), identities,
                (account, emailId) -> Optional.ofNullable(outgoing.get(account.id() + "/" + emailId)),
                (account, emailId) -> outgoing.containsKey(account.id() + "/" + emailId)
                        ? Optional.of("T-" + emailId) : Optional.empty(),
                submission, address -> resolver.resolve(address) instanceof Recipient.Local, 50, 10_000_000,
                policy, pushed, Limits.DEFAULTS, Clock.systemUTC());
    }

    private void email(String emailId, String header) {
        outgoing.put(alice.id() + "/" + emailId, (header + "Message-ID: <" + emailId + System.nanoTime()
                + "@example.org>\r\nDate: Sat, 28 Nov 2026 10:00:00 +0000\r\n\r\nbody of " + emailId + "\r\n")
                .getBytes(StandardCharsets.UTF_8));
    }

    private MailboxInfo sent() {
        return mailboxes.list(alice.id()).stream().filter(mailbox -> "\\Sent".equals(mailbox.specialUse()))
                .findFirst().orElseThrow();
    }

    private static Account create(AccountService accounts, String address) throws Exception {
        Address parsed = Address.parse(address);
        return accounts.createAccount(parsed, Enrollment.forNewAccount(parsed, "a password".toCharArray()));
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out");
            }
            Thread.sleep(50);
        }
    }

    /** remote.example's MX is mx.remote.example at the loopback address; no DANE, no MTA-STS. */
    private static final class RemoteExample implements MailRouting {
        @Override
        public MxLookup mx(String domain) {
            return new MxLookup(List.of(new MxLookup.MxHost("mx." + domain, 10, false)), false, false);
        }

        @Override
        public List<InetAddress> addresses(String host) {
            return List.of(InetAddress.getLoopbackAddress());
        }

        @Override
        public TlsaLookup tlsa(String host, int port) {
            return new TlsaLookup(List.of(), false);
        }

        @Override
        public Optional<MtaStsPolicy> mtaStsPolicy(String domain) {
            return Optional.empty();
        }
    }
}
