package dev.coffer.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coffer.account.AccountService;
import dev.coffer.account.Address;
import dev.coffer.account.AliasService;
import dev.coffer.account.Enrollment;
import dev.coffer.account.RecipientResolver;
import dev.coffer.crypto.KdfParams;
import dev.coffer.crypto.KeyDerivation;
import dev.coffer.crypto.MessageDecryption;
import dev.coffer.crypto.MessageEncryption;
import dev.coffer.mail.MessageLimits;
import dev.coffer.mail.MessageParser;
import dev.coffer.mailbox.MessageSealer;
import dev.coffer.smtp.DeliveryOutcome;
import dev.coffer.smtp.Envelope;
import dev.coffer.smtp.RecipientCheck;
import dev.coffer.store.Account;
import dev.coffer.store.Mailbox;
import dev.coffer.store.Store;
import dev.coffer.store.StoredMessage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SmtpDeliveryTest {

    private static final java.net.InetAddress CLIENT = java.net.InetAddress.getLoopbackAddress();
    private static final char[] PASSWORD = "correct horse battery".toCharArray();

    Store store;
    Account alice;
    Account bob;
    SmtpDelivery delivery;

    @BeforeAll
    void setUp(@TempDir Path dir) throws Exception {
        store = Store.open(dir);
        AccountService accounts = new AccountService(store);
        accounts.addDomain("example.org");
        alice = create(accounts, "alice@example.org");
        bob = create(accounts, "bob@example.org");
        new AliasService(store, accounts).add("team@example.org", "alice@example.org");
        new AliasService(store, accounts).add("team@example.org", "bob@example.org");
        RecipientResolver resolver = new RecipientResolver(store, "+");
        delivery = new SmtpDelivery(resolver, DeliveryPipeline.standard(resolver,
                new MessageParser(MessageLimits.withMimeDepth(10)), new MessageSealer(new MessageEncryption()), store));
    }

    @AfterAll
    void tearDown() {
        store.close();
    }

    @Test
    void answersRecipientChecksFromTheAccounts() {
        assertThat(delivery.checkRecipient("alice+tag@example.org")).isInstanceOf(RecipientCheck.Accepted.class);
        assertThat(delivery.checkRecipient("nobody@example.org")).isInstanceOf(RecipientCheck.UnknownUser.class);
        assertThat(delivery.checkRecipient("alice@example.net")).isInstanceOf(RecipientCheck.RelayDenied.class);
    }

    @Test
    void storesEachCopyEncryptedSoOnlyThePasswordOpensIt() throws Exception {
        byte[] sent = message("<secret-1@example.net>", "Subject-MARKER-91", "Body-MARKER-92");

        DeliveryOutcome outcome = delivery.deliver(envelope("alice@example.org"), CLIENT, sent);

        assertThat(outcome).isInstanceOf(DeliveryOutcome.Delivered.class);
        StoredMessage stored = latest(alice);
        byte[] blob = store.blobs().get(stored.blobId());
        String onDisk = new String(blob, StandardCharsets.ISO_8859_1);
        assertThat(onDisk).doesNotContain("MARKER-91").doesNotContain("MARKER-92").contains("Subject: [...]");
        byte[] opened = MessageDecryption.decryptStored(blob, alice.secretKey(), keyPassphrase(alice));
        assertThat(new String(opened, StandardCharsets.UTF_8))
                .isEqualTo("Return-Path: <sender@example.net>\r\n" + new String(sent, StandardCharsets.UTF_8));
        assertThat(stored.headers().messageId()).isEqualTo("<secret-1@example.net>");
    }

    @Test
    void anAliasWithTwoTargetsGivesEachItsOwnCopy() throws Exception {
        delivery.deliver(envelope("team@example.org"), CLIENT, message("<team@example.net>", "s", "b"));

        StoredMessage forAlice = latest(alice);
        StoredMessage forBob = latest(bob);
        assertThat(forAlice.headers().messageId()).isEqualTo("<team@example.net>");
        assertThat(forBob.headers().messageId()).isEqualTo("<team@example.net>");
        assertThat(forAlice.blobId()).isNotEqualTo(forBob.blobId());
        MessageDecryption.decryptStored(store.blobs().get(forBob.blobId()), bob.secretKey(), keyPassphrase(bob));
    }

    @Test
    void oneAccountReachedTwiceGetsOneCopy() throws Exception {
        int before = store.messages().list(inbox(alice).id()).size();

        delivery.deliver(new Envelope("sender@example.net",
                List.of("alice@example.org", "alice+x@example.org"), "client.example.net", null, false), CLIENT,
                message("<twice@example.net>", "s", "b"));

        assertThat(store.messages().list(inbox(alice).id())).hasSize(before + 1);
    }

    @Test
    void keepsMailThatIsAlreadyPgpMimeAsItCame() throws Exception {
        byte[] sent = ("From: sender@example.net\r\nTo: alice@example.org\r\nMessage-ID: <e2e@example.net>\r\n"
                + "MIME-Version: 1.0\r\nContent-Type: multipart/encrypted; protocol=\"application/pgp-encrypted\";"
                + " boundary=\"x\"\r\n\r\n--x\r\nContent-Type: application/pgp-encrypted\r\n\r\nVersion: 1\r\n"
                + "--x\r\nContent-Type: application/octet-stream\r\n\r\n-----BEGIN PGP MESSAGE-----\r\n...\r\n"
                + "--x--\r\n").getBytes(StandardCharsets.US_ASCII);

        delivery.deliver(envelope("alice@example.org"), CLIENT, sent);

        StoredMessage stored = latest(alice);
        assertThat(stored.keptAsReceived()).isTrue();
        assertThat(new String(store.blobs().get(stored.blobId()), StandardCharsets.US_ASCII))
                .isEqualTo("Return-Path: <sender@example.net>\r\n" + new String(sent, StandardCharsets.US_ASCII));
    }

    @Test
    void refusesMimeNestedBeyondTheLimit() {
        StringBuilder deep = new StringBuilder("From: a@example.net\r\nMessage-ID: <deep@example.net>\r\n");
        for (int level = 0; level < 12; level++) {
            deep.append("Content-Type: multipart/mixed; boundary=b").append(level).append("\r\n\r\n--b")
                    .append(level).append("\r\n");
        }

        DeliveryOutcome outcome = delivery.deliver(envelope("alice@example.org"), CLIENT,
                deep.toString().getBytes(StandardCharsets.US_ASCII));

        assertThat(outcome).isInstanceOfSatisfying(DeliveryOutcome.PermanentFailure.class,
                failure -> assertThat(failure.enhancedCode()).isEqualTo("5.6.0"));
    }

    private Account create(AccountService accounts, String address) throws Exception {
        Address parsed = Address.parse(address);
        return accounts.createAccount(parsed, Enrollment.forNewAccount(parsed, PASSWORD));
    }

    private static Envelope envelope(String recipient) {
        return new Envelope("sender@example.net", List.of(recipient), "client.example.net", "TLSv1.3", false);
    }

    private static byte[] message(String messageId, String subject, String body) {
        return ("From: Sender <sender@example.net>\r\nTo: alice@example.org\r\nSubject: " + subject + "\r\n"
                + "Message-ID: " + messageId + "\r\nDate: Sat, 28 Nov 2026 10:00:00 +0000\r\n\r\n" + body + "\r\n")
                .getBytes(StandardCharsets.UTF_8);
    }

    private Mailbox inbox(Account account) {
        return store.mailboxes().find(account.id(), "INBOX").orElseThrow();
    }

    private StoredMessage latest(Account account) {
        return store.messages().list(inbox(account).id()).getLast();
    }

    private static char[] keyPassphrase(Account account) {
        Account.Credentials credentials = account.credentials();
        return KeyDerivation.derive(PASSWORD, Base64.getDecoder().decode(credentials.kdfSalt()),
                new KdfParams(credentials.kdfMemoryKiB(), credentials.kdfIterations(), credentials.kdfParallelism()))
                .keyPassphrase();
    }
}
