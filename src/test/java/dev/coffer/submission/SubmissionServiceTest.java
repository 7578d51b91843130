package dev.coffer.submission;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coffer.account.AccountService;
import dev.coffer.account.Address;
import dev.coffer.account.AliasService;
import dev.coffer.account.DomainDkimKeys;
import dev.coffer.account.Enrollment;
import dev.coffer.account.RecipientResolver;
import dev.coffer.crypto.MessageEncryption;
import dev.coffer.delivery.DeliveryPipeline;
import dev.coffer.mail.MessageLimits;
import dev.coffer.mail.MessageParser;
import dev.coffer.mailauth.dkim.DkimResult;
import dev.coffer.mailauth.dkim.DkimVerifier;
import dev.coffer.mailbox.MailboxInfo;
import dev.coffer.mailbox.MessageInfo;
import dev.coffer.mailbox.MessageSealer;
import dev.coffer.mailbox.StoreMailboxService;
import dev.coffer.queue.OutboundMessage;
import dev.coffer.smtp.DeliveryOutcome;
import dev.coffer.smtp.Envelope;
import dev.coffer.store.Account;
import dev.coffer.store.Domain;
import dev.coffer.store.Store;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SubmissionServiceTest {

    Store store;
    Account alice;
    Account bob;
    StoreMailboxService mailboxes;
    SubmissionService submission;
    DomainDkimKeys dkimKeys;
    final List<OutboundMessage> queued = new CopyOnWriteArrayList<>();

    @BeforeAll
    void open(@TempDir Path dir) throws Exception {
        store = Store.open(dir);
        AccountService accounts = new AccountService(store);
        accounts.addDomain("example.org");
        accounts.addDomain("example.com");
        alice = create(accounts, "alice@example.org");
        bob = create(accounts, "bob@example.org");
        AliasService aliases = new AliasService(store, accounts);
        aliases.add("sales@example.org", "alice@example.org");
        aliases.add("@example.org", "bob@example.org");
        RecipientResolver resolver = new RecipientResolver(store, "+");
        MessageParser parser = new MessageParser(MessageLimits.withMimeDepth(10));
        MessageSealer sealer = new MessageSealer(new MessageEncryption());
        mailboxes = new StoreMailboxService(store, sealer, parser, 10_000_000);
        dkimKeys = new DomainDkimKeys(store, Clock.systemUTC());
        submission = new SubmissionService(store, resolver, dkimKeys,
                DeliveryPipeline.standard(resolver, parser, sealer, store),
                message -> {
                    queued.add(message);
                    return "q" + queued.size();
                },
                mailboxes, parser, Clock.systemUTC());
    }

    @AfterAll
    void close() {
        store.close();
    }

    @Test
    void anAccountOwnsItsAddressesAliasesAndSubaddresses() {
        assertThat(submission.ownsAddress(alice, "alice@example.org")).isTrue();
        assertThat(submission.ownsAddress(alice, "Alice+lists@Example.org")).isTrue();
        assertThat(submission.ownsAddress(alice, "sales@example.org")).isTrue();
        assertThat(submission.ownsAddress(alice, "bob@example.org")).isFalse();
        assertThat(submission.ownsAddress(alice, "alice@example.net")).isFalse();
    }

    @Test
    void theCatchAllDoesNotLetItsOwnerSendAsAnyone() {
        assertThat(submission.ownsAddress(bob, "anything@example.org")).isFalse();
    }

    @Test
    void remoteMailIsQueuedSignedWithBothKeysAndVerifies() throws Exception {
        byte[] message = message("alice@example.org", "carol@example.net", "to carol");

        DeliveryOutcome outcome = submission.submit(alice,
                new Envelope("alice@example.org", List.of("carol@example.net"), "client", "TLSv1.3", false), message);

        assertThat(outcome).isInstanceOf(DeliveryOutcome.Delivered.class);
        OutboundMessage out = queued.getLast();
        assertThat(out.recipients()).containsExactly("carol@example.net");
        String text = new String(out.message(), StandardCharsets.UTF_8);
        assertThat(text).contains("a=ed25519-sha256").contains("a=rsa-sha256").endsWith("to carol\r\n");
        Domain domain = store.domains().find("example.org").orElseThrow();
        DkimVerifier verifier = new DkimVerifier((selector, d) -> dkimKeys.dnsRecords(domain).stream()
                .filter(record -> record.name().equals(selector + "._domainkey." + d))
                .map(DomainDkimKeys.DnsRecord::value).findFirst(), Clock.systemUTC());
        assertThat(verifier.verify(out.message())).hasSize(2).allMatch(result -> result instanceof DkimResult.Pass);
    }

    @Test
    void localRecipientsGetItDirectlyAndTheSenderKeepsAnEncryptedSentCopy() throws Exception {
        int sentBefore = mailboxes.messages(sent(alice).id()).size();
        String marker = "SENT-MARKER-" + System.nanoTime();

        DeliveryOutcome outcome = submission.submit(alice,
                new Envelope("alice@example.org", List.of("bob@example.org"), "client", "TLSv1.3", false),
                message("alice@example.org", "bob@example.org", marker));

        assertThat(outcome).isInstanceOf(DeliveryOutcome.Delivered.class);
        MailboxInfo bobInbox = mailboxes.find(bob.id(), "INBOX").orElseThrow();
        assertThat(mailboxes.messages(bobInbox.id())).isNotEmpty();
        List<MessageInfo> sentCopies = mailboxes.messages(sent(alice).id());
        assertThat(sentCopies).hasSize(sentBefore + 1);
        MessageInfo copy = sentCopies.getLast();
        assertThat(copy.flags()).contains("\\Seen");
        assertThat(new String(mailboxes.content(copy), StandardCharsets.ISO_8859_1)).doesNotContain(marker)
                .contains("multipart/encrypted");
    }

    @Test
    void anUnknownLocalRecipientIsRefused() {
        // example.org has a catch-all; example.com is hosted without one.
        int queuedBefore = queued.size();

        DeliveryOutcome outcome = submission.submit(alice,
                new Envelope("alice@example.org", List.of("carol@example.net", "nobody@example.com"), "client",
                        "TLSv1.3", false),
                message("alice@example.org", "nobody@example.com", "x"));

        assertThat(outcome).isInstanceOfSatisfying(DeliveryOutcome.PermanentFailure.class,
                failure -> assertThat(failure.enhancedCode()).isEqualTo("5.1.1"));
        assertThat(queued).hasSize(queuedBefore);
    }

    private MailboxInfo sent(Account account) {
        Optional<MailboxInfo> sent = mailboxes.list(account.id()).stream()
                .filter(mailbox -> "\\Sent".equals(mailbox.specialUse())).findFirst();
        return sent.orElseThrow();
    }

    private static Account create(AccountService accounts, String address) throws Exception {
        Address parsed = Address.parse(address);
        return accounts.createAccount(parsed, Enrollment.forNewAccount(parsed, "a password".toCharArray()));
    }

    private static byte[] message(String from, String to, String body) {
        return ("From: " + from + "\r\nTo: " + to + "\r\nSubject: hello\r\nDate: Sat, 28 Nov 2026 10:00:00 +0000\r\n"
                + "Message-ID: <" + System.nanoTime() + "@example.org>\r\n\r\n" + body + "\r\n")
                .getBytes(StandardCharsets.UTF_8);
    }
}
