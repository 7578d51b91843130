package dev.coffer.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.coffer.account.AccountService;
import dev.coffer.account.Address;
import dev.coffer.account.Enrollment;
import dev.coffer.account.RecipientResolver;
import dev.coffer.crypto.KdfParams;
import dev.coffer.crypto.KeyDerivation;
import dev.coffer.crypto.MessageDecryption;
import dev.coffer.crypto.MessageEncryption;
import dev.coffer.filter.FilterVerdict;
import dev.coffer.filter.MessageFilter;
import dev.coffer.filter.sieve.SieveAction;
import dev.coffer.filter.sieve.SieveEvaluator;
import dev.coffer.mail.MessageLimits;
import dev.coffer.mail.MessageParser;
import dev.coffer.mailauth.AuthenticationReport;
import dev.coffer.mailauth.MessageAuthenticator;
import dev.coffer.mailauth.MessageOrigin;
import dev.coffer.mailauth.ResultsHeader;
import dev.coffer.mailauth.arc.ArcResult;
import dev.coffer.mailauth.dmarc.DmarcResult;
import dev.coffer.mailauth.spf.SpfResult;
import dev.coffer.mailbox.MessageSealer;
import dev.coffer.store.Account;
import dev.coffer.store.Mailbox;
import dev.coffer.store.Store;
import dev.coffer.store.StoredMessage;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The stages between receiving and storing: authentication, filters, Sieve, and mail sent on. */
class InboundChecksTest {

    private static final char[] PASSWORD = "correct horse battery".toCharArray();
    private static final MessageOrigin ORIGIN =
            new MessageOrigin(InetAddress.getLoopbackAddress(), "mx.example.net", "sender@example.net");

    /** One piece of mail that delivery sent on. */
    record Sent(String reversePath, List<String> recipients, String message, boolean forwarded) {}

    @TempDir
    Path dir;
    Store store;
    Account alice;
    Account bob;
    RecipientResolver resolver;
    DmarcResult.Policy dmarcDisposition = DmarcResult.Policy.NONE;
    List<MessageFilter> filters = new ArrayList<>();
    SieveEvaluator sieve = (account, input) -> List.of(new SieveAction.Keep(Set.of()));
    final List<Sent> sent = new ArrayList<>();
    DeliveryException outboundFails;

    @BeforeEach
    void setUp() throws Exception {
        store = Store.open(dir);
        AccountService accounts = new AccountService(store);
        accounts.addDomain("example.org");
        alice = create(accounts, "alice@example.org");
        bob = create(accounts, "bob@example.org");
        resolver = new RecipientResolver(store, "+");
    }

    @AfterEach
    void tearDown() {
        store.close();
    }

    @Test
    void aDmarcRejectPolicyRefusesTheMessageWith550() {
        dmarcDisposition = DmarcResult.Policy.REJECT;

        assertThatThrownBy(() -> deliverFromOutside("alice@example.org"))
                .isInstanceOfSatisfying(DeliveryException.class, e -> {
                    assertThat(e.replyCode()).isEqualTo(550);
                    assertThat(e.enhancedCode()).isEqualTo("5.7.1");
                    assertThat(e.getMessage()).contains("example.net");
                });
        assertThat(messagesIn(alice, "INBOX")).isEmpty();
    }

    @Test
    void aDmarcQuarantinePolicyFilesTheMessageInJunk() throws Exception {
        dmarcDisposition = DmarcResult.Policy.QUARANTINE;

        deliverFromOutside("alice@example.org");

        assertThat(messagesIn(alice, "Junk")).hasSize(1);
        assertThat(messagesIn(alice, "INBOX")).isEmpty();
    }

    @Test
    void theResultsGoInsideTheEncryptionAndForgedResultsAreRemoved() throws Exception {
        byte[] forged = ("Authentication-Results: mx.coffer.test; dkim=pass\r\n" + plainMessage())
                .getBytes(StandardCharsets.UTF_8);

        deliverFromOutside(forged, "alice@example.org");

        String opened = open(alice, messagesIn(alice, "INBOX").getFirst());
        assertThat(opened).startsWith("Return-Path: <sender@example.net>\r\n"
                + "Authentication-Results: mx.coffer.test; spf=pass\r\nFrom: Sender");
        assertThat(opened).doesNotContain("dkim=pass");
    }

    @Test
    void theGravestFilterVerdictWins() {
        filters.add(input -> new FilterVerdict.Junk(7, List.of("BAYES_99")));
        filters.add(input -> new FilterVerdict.Reject(554, "5.7.1", "Virus found: Eicar-Test-Signature"));
        filters.add(input -> new FilterVerdict.Accept(0, List.of()));

        assertThatThrownBy(() -> deliverFromOutside("alice@example.org"))
                .isInstanceOfSatisfying(DeliveryException.class, e -> {
                    assertThat(e.replyCode()).isEqualTo(554);
                    assertThat(e.getMessage()).isEqualTo("Virus found: Eicar-Test-Signature");
                });
    }

    @Test
    void aScannerThatIsDownMakesTheSenderRetryRatherThanAcceptingUnscanned() {
        filters.add(input -> new FilterVerdict.TempFail("4.7.1", "Virus scanner unavailable"));

        assertThatThrownBy(() -> deliverFromOutside("alice@example.org"))
                .isInstanceOfSatisfying(DeliveryException.class, e -> {
                    assertThat(e.isTemporary()).isTrue();
                    assertThat(e.replyCode()).isEqualTo(451);
                });
        assertThat(messagesIn(alice, "INBOX")).isEmpty();
    }

    @Test
    void spamGoesToJunkWithItsScoreInsideTheEncryption() throws Exception {
        filters.add(input -> new FilterVerdict.Junk(7.5, List.of("GTUBE")));
        filters.add(input -> new FilterVerdict.Accept(1.0, List.of("MISSING_DATE")));

        deliverFromOutside("alice@example.org");

        assertThat(open(alice, messagesIn(alice, "Junk").getFirst())).contains("X-Spam-Status: Yes, score=8.5\r\n");
    }

    @Test
    void mailFromLocalSendersIsNeitherAuthenticatedNorFiltered() throws Exception {
        dmarcDisposition = DmarcResult.Policy.REJECT;
        filters.add(input -> new FilterVerdict.Reject(550, "5.7.1", "spam"));

        pipeline().deliver(new DeliveryJob("bob@example.org", List.of("alice@example.org"),
                plainMessage().getBytes(StandardCharsets.UTF_8)));

        assertThat(open(alice, messagesIn(alice, "INBOX").getFirst())).doesNotContain("Authentication-Results");
    }

    @Test
    void sieveFilesIntoAMailboxItCreatesWithFlags() throws Exception {
        sieve = (account, input) -> List.of(new SieveAction.FileInto("Lists", Set.of("\\Flagged"), true));

        deliverFromOutside("alice+lists@example.org");

        List<StoredMessage> filed = messagesIn(alice, "Lists");
        assertThat(filed).hasSize(1);
        assertThat(filed.getFirst().flags()).contains("\\Flagged");
    }

    @Test
    void sieveSeesTheAddressTheRecipientWasReachedThrough() throws Exception {
        List<String> seen = new ArrayList<>();
        sieve = (account, input) -> {
            seen.add(input.envelopeFrom() + " -> " + input.envelopeTo());
            return List.of(new SieveAction.Keep(Set.of()));
        };

        deliverFromOutside("alice+news@example.org");

        assertThat(seen).containsExactly("sender@example.net -> alice+news@example.org");
    }

    @Test
    void fileIntoAMissingMailboxWithoutCreateKeepsInInbox() throws Exception {
        sieve = (account, input) -> List.of(new SieveAction.FileInto("Nowhere", Set.of(), false));

        deliverFromOutside("alice@example.org");

        assertThat(messagesIn(alice, "INBOX")).hasSize(1);
        assertThat(store.mailboxes().find(alice.id(), "Nowhere")).isEmpty();
    }

    @Test
    void aDiscardStoresNothingAndStillSucceeds() throws Exception {
        sieve = (account, input) -> List.of(new SieveAction.Discard());

        deliverFromOutside("alice@example.org");

        assertThat(messagesIn(alice, "INBOX")).isEmpty();
    }

    @Test
    void aRejectByTheOnlyRecipientRefusesInTheSmtpTransaction() {
        sieve = (account, input) -> List.of(new SieveAction.Reject("I do not want mail from you"));

        assertThatThrownBy(() -> deliverFromOutside("alice@example.org"))
                .isInstanceOfSatisfying(DeliveryException.class, e -> {
                    assertThat(e.replyCode()).isEqualTo(550);
                    assertThat(e.getMessage()).isEqualTo("I do not want mail from you");
                });
    }

    @Test
    void aRejectByOneOfTwoRecipientsDeliversToTheOtherAndTellsTheSender() throws Exception {
        sieve = (account, input) -> account.id() == alice.id()
                ? List.of(new SieveAction.Reject("Not here"))
                : List.of(new SieveAction.Keep(Set.of()));

        deliverFromOutside("alice@example.org", "bob@example.org");

        assertThat(messagesIn(bob, "INBOX")).hasSize(1);
        assertThat(messagesIn(alice, "INBOX")).isEmpty();
        assertThat(sent).singleElement().satisfies(notice -> {
            assertThat(notice.reversePath()).isEmpty();
            assertThat(notice.recipients()).containsExactly("sender@example.net");
            assertThat(notice.message()).contains("<alice@example.org>: Not here").contains("Auto-Submitted: auto-replied");
        });
    }

    @Test
    void aRedirectIsSentOnMarkedWithDeliveredTo() throws Exception {
        sieve = (account, input) -> List.of(new SieveAction.Redirect("carol@example.net"));

        deliverFromOutside("alice@example.org");

        assertThat(messagesIn(alice, "INBOX")).isEmpty();
        assertThat(sent).singleElement().satisfies(redirect -> {
            assertThat(redirect.reversePath()).isEqualTo("alice@example.org");
            assertThat(redirect.recipients()).containsExactly("carol@example.net");
            assertThat(redirect.forwarded()).isTrue();
            assertThat(redirect.message()).startsWith("Delivered-To: alice@example.org\r\n");
        });
    }

    @Test
    void aRedirectThatComesBackIsKeptInsteadOfLoopingForever() throws Exception {
        sieve = (account, input) -> List.of(new SieveAction.Redirect("carol@example.net"));
        byte[] looped = ("Delivered-To: alice@example.org\r\n" + plainMessage()).getBytes(StandardCharsets.UTF_8);

        deliverFromOutside(looped, "alice@example.org");

        assertThat(sent).isEmpty();
        assertThat(messagesIn(alice, "INBOX")).hasSize(1);
    }

    @Test
    void aVacationReplyGoesFromTheNullSender() throws Exception {
        byte[] reply = "Subject: Auto: hello\r\n\r\naway\r\n".getBytes(StandardCharsets.UTF_8);
        sieve = (account, input) -> List.of(new SieveAction.Keep(Set.of()),
                new SieveAction.Vacation("sender@example.net", reply));

        deliverFromOutside("alice@example.org");

        assertThat(messagesIn(alice, "INBOX")).hasSize(1);
        assertThat(sent).singleElement().isEqualTo(
                new Sent("", List.of("sender@example.net"), "Subject: Auto: hello\r\n\r\naway\r\n", false));
    }

    @Test
    void aVacationReplyThatCannotBeSentDoesNotStopTheDelivery() throws Exception {
        outboundFails = DeliveryException.permanent(550, "5.1.1", "No such recipient");
        sieve = (account, input) -> List.of(new SieveAction.Keep(Set.of()),
                new SieveAction.Vacation("sender@example.net", "Subject: away\r\n\r\naway\r\n".getBytes()));

        deliverFromOutside("alice@example.org");

        assertThat(messagesIn(alice, "INBOX")).hasSize(1);
    }

    @Test
    void aRedirectThatIsRefusedKeepsTheMessage() throws Exception {
        outboundFails = DeliveryException.permanent(550, "5.1.1", "No such recipient");
        sieve = (account, input) -> List.of(new SieveAction.Redirect("nobody@example.org"));

        deliverFromOutside("alice@example.org");

        assertThat(messagesIn(alice, "INBOX")).hasSize(1);
    }

    @Test
    void aRedirectThatCannotBeQueuedNowMakesTheSenderRetry() {
        outboundFails = DeliveryException.temporary("4.3.0", "Cannot queue mail sent on", null);
        sieve = (account, input) -> List.of(new SieveAction.Redirect("carol@example.net"));

        assertThatThrownBy(() -> deliverFromOutside("alice@example.org"))
                .isInstanceOfSatisfying(DeliveryException.class, e -> assertThat(e.isTemporary()).isTrue());
        assertThat(messagesIn(alice, "INBOX")).isEmpty();
    }

    private DeliveryPipeline pipeline() {
        MessageAuthenticator authenticator = (origin, message) -> new AuthenticationReport(
                new SpfResult(SpfResult.Code.PASS, "example.net", ""), List.of(), ArcResult.none(),
                new DmarcResult(DmarcResult.Code.FAIL, "example.net", dmarcDisposition, dmarcDisposition, ""));
        ResultsHeader header = new ResultsHeader() {
            @Override
            public String field(AuthenticationReport report) {
                return "Authentication-Results: mx.coffer.test; spf=" + report.spf().code().keyword();
            }

            @Override
            public byte[] withoutForgedResults(byte[] message) {
                String text = new String(message, StandardCharsets.UTF_8);
                return text.replace("Authentication-Results: mx.coffer.test; dkim=pass\r\n", "")
                        .getBytes(StandardCharsets.UTF_8);
            }
        };
        OutboundMail outbound = (reversePath, recipients, message, forwarded) -> {
            if (outboundFails != null) {
                throw outboundFails;
            }
            sent.add(new Sent(reversePath, recipients, new String(message, StandardCharsets.UTF_8), forwarded));
        };
        return DeliveryPipeline.standard(resolver, new MessageParser(MessageLimits.withMimeDepth(10)),
                new MessageSealer(new MessageEncryption()), store,
                new InboundChecks(authenticator, header, filters, (account, input) -> sieve.evaluate(account, input),
                        outbound));
    }

    private void deliverFromOutside(String... recipients) throws DeliveryException {
        deliverFromOutside(plainMessage().getBytes(StandardCharsets.UTF_8), recipients);
    }

    private void deliverFromOutside(byte[] message, String... recipients) throws DeliveryException {
        pipeline().deliver(new DeliveryJob("sender@example.net", List.of(recipients), ORIGIN, message));
    }

    private static String plainMessage() {
        return "From: Sender <sender@example.net>\r\nTo: alice@example.org\r\nSubject: hello\r\n"
                + "Message-ID: <m1@example.net>\r\nDate: Sat, 28 Nov 2026 10:00:00 +0000\r\n\r\nbody\r\n";
    }

    private List<StoredMessage> messagesIn(Account account, String mailbox) {
        Optional<Mailbox> found = store.mailboxes().find(account.id(), mailbox);
        return found.map(box -> store.messages().list(box.id())).orElse(List.of());
    }

    private String open(Account account, StoredMessage stored) throws Exception {
        Account.Credentials credentials = account.credentials();
        char[] passphrase = KeyDerivation.derive(PASSWORD, Base64.getDecoder().decode(credentials.kdfSalt()),
                new KdfParams(credentials.kdfMemoryKiB(), credentials.kdfIterations(), credentials.kdfParallelism()))
                .keyPassphrase();
        byte[] blob = store.blobs().get(stored.blobId());
        return new String(MessageDecryption.decryptStored(blob, account.secretKey(), passphrase), StandardCharsets.UTF_8);
    }

    private static Account create(AccountService accounts, String address) throws Exception {
        Address parsed = Address.parse(address);
        return accounts.createAccount(parsed, Enrollment.forNewAccount(parsed, PASSWORD));
    }
}
