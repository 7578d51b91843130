package dev.coffer.mailbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.coffer.account.AccountService;
import dev.coffer.account.Address;
import dev.coffer.account.Enrollment;
import dev.coffer.crypto.MessageEncryption;
import dev.coffer.mail.MessageLimits;
import dev.coffer.mail.MessageParser;
import dev.coffer.store.Account;
import dev.coffer.store.Store;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StoreMailboxServiceTest {

    Path dir;
    Store store;
    Account alice;
    StoreMailboxService mailboxes;
    int counter;

    @BeforeAll
    void open(@TempDir Path dir) throws Exception {
        this.dir = dir;
        store = Store.open(dir);
        AccountService accounts = new AccountService(store);
        accounts.addDomain("example.org");
        Address address = Address.parse("alice@example.org");
        alice = accounts.createAccount(address, Enrollment.forNewAccount(address, "a password".toCharArray()));
        mailboxes = new StoreMailboxService(store, new MessageSealer(new MessageEncryption()),
                new MessageParser(MessageLimits.withMimeDepth(10)), 1_000_000);
    }

    @AfterAll
    void close() {
        store.close();
    }

    @Test
    void listsTheSpecialUseMailboxesInboxFirst() {
        List<MailboxInfo> list = mailboxes.list(alice.id());

        assertThat(list.getFirst().name()).isEqualTo("INBOX");
        assertThat(list).extracting(MailboxInfo::specialUse).contains("\\Sent", "\\Drafts", "\\Junk", "\\Trash",
                "\\Archive");
    }

    @Test
    void appendEncryptsWhatAClientUploads() throws Exception {
        MailboxInfo drafts = mailboxes.find(alice.id(), "Drafts").orElseThrow();
        String marker = "DRAFT-MARKER-" + System.nanoTime();

        AppendResult result = mailboxes.append(alice, drafts.id(), message(marker), Set.of("\\draft"), Instant.now());

        MessageInfo stored = mailboxes.messages(drafts.id()).getLast();
        assertThat(stored.uid()).isEqualTo(result.uid());
        assertThat(stored.flags()).containsExactly("\\Draft");
        assertThat(new String(mailboxes.content(stored), StandardCharsets.ISO_8859_1)).doesNotContain(marker)
                .contains("BEGIN PGP MESSAGE");
        assertThat(Files.readString(blobPath(stored), StandardCharsets.ISO_8859_1)).doesNotContain(marker);
    }

    @Test
    void refusesAnAppendOverTheLimit() {
        MailboxInfo inbox = mailboxes.find(alice.id(), "inbox").orElseThrow();

        assertThatThrownBy(() -> mailboxes.append(alice, inbox.id(), new byte[1_000_001], Set.of(), Instant.now()))
                .isInstanceOfSatisfying(MailboxException.class,
                        e -> assertThat(e.reason()).isEqualTo(MailboxException.Reason.TOO_BIG));
    }

    @Test
    void storeAdvancesModseqAndHonoursUnchangedSince() throws Exception {
        MailboxInfo box = mailboxes.create(alice.id(), "Flags-" + counter++, null);
        long first = append(box);
        long second = append(box);
        long before = mailboxes.status(box.id()).highestModseq();

        FlagUpdate update = mailboxes.storeFlags(box.id(), List.of(first), FlagOperation.ADD, Set.of("\\Seen"),
                OptionalLong.empty());

        assertThat(update.changed().getFirst().modseq()).isGreaterThan(before);
        assertThat(mailboxes.changedSince(box.id(), before)).extracting(MessageInfo::uid).containsExactly(first);
        FlagUpdate conditional = mailboxes.storeFlags(box.id(), List.of(first, second), FlagOperation.ADD,
                Set.of("\\Flagged"), OptionalLong.of(before));
        assertThat(conditional.notModified()).containsExactly(first);
        assertThat(mailboxes.status(box.id()).unseen()).isEqualTo(1);
    }

    @Test
    void expungeRemovesOnlyDeletedMessagesAndRemembersThem() throws Exception {
        MailboxInfo box = mailboxes.create(alice.id(), "Expunge-" + counter++, null);
        long keep = append(box);
        long drop = append(box);
        mailboxes.storeFlags(box.id(), List.of(drop), FlagOperation.ADD, Set.of("\\Deleted"), OptionalLong.empty());
        long before = mailboxes.status(box.id()).highestModseq();
        MessageInfo dropped = mailboxes.messages(box.id()).getLast();

        assertThat(mailboxes.expunge(box.id(), Optional.empty())).containsExactly(drop);

        assertThat(mailboxes.messages(box.id())).extracting(MessageInfo::uid).containsExactly(keep);
        assertThat(mailboxes.expungedSince(box.id(), before)).containsExactly(drop);
        assertThat(mailboxes.expungedBlobIdsSince(box.id(), before)).hasValue(List.of(dropped.blobId()));
        assertThat(blobPath(dropped)).doesNotExist();
    }

    @Test
    void moveSharesTheBlobAndExpungesTheSource() throws Exception {
        MailboxInfo from = mailboxes.create(alice.id(), "From-" + counter++, null);
        MailboxInfo to = mailboxes.create(alice.id(), "To-" + counter++, null);
        long uid = append(from);
        List<MailboxEvent> seen = new CopyOnWriteArrayList<>();
        try (var subscription = mailboxes.listen(from.id(), seen::add);
             var target = mailboxes.listen(to.id(), seen::add)) {

            CopyResult result = mailboxes.move(from.id(), List.of(uid), to.id());

            assertThat(result.sourceUids()).containsExactly(uid);
            assertThat(result.targetUids()).hasSize(1);
            assertThat(result.targetUidValidity()).isEqualTo(to.uidValidity());
        }
        assertThat(mailboxes.messages(from.id())).isEmpty();
        MessageInfo moved = mailboxes.messages(to.id()).getFirst();
        assertThat(blobPath(moved)).exists();
        assertThat(seen).hasAtLeastOneElementOfType(MailboxEvent.Appended.class)
                .hasAtLeastOneElementOfType(MailboxEvent.Expunged.class);
    }

    @Test
    void copyKeepsTheBlobUntilTheLastCopyGoes() throws Exception {
        MailboxInfo from = mailboxes.create(alice.id(), "CopyFrom-" + counter++, null);
        MailboxInfo to = mailboxes.create(alice.id(), "CopyTo-" + counter++, null);
        long uid = append(from);
        mailboxes.copy(from.id(), List.of(uid), to.id());
        MessageInfo original = mailboxes.messages(from.id()).getFirst();

        mailboxes.delete(alice.id(), from.name());

        assertThat(blobPath(original)).exists();
        assertThat(mailboxes.messages(to.id())).hasSize(1);
    }

    @Test
    void createMakesParentsAndRefusesDuplicates() throws Exception {
        mailboxes.create(alice.id(), "Projects/2026/Coffer", null);

        assertThat(mailboxes.find(alice.id(), "Projects")).isPresent();
        assertThat(mailboxes.find(alice.id(), "Projects/2026")).isPresent();
        assertThatThrownBy(() -> mailboxes.create(alice.id(), "Projects", null))
                .isInstanceOfSatisfying(MailboxException.class,
                        e -> assertThat(e.reason()).isEqualTo(MailboxException.Reason.ALREADY_EXISTS));
    }

    @Test
    void renameCarriesTheChildrenAlong() throws Exception {
        mailboxes.create(alice.id(), "Old/Child", null);

        mailboxes.rename(alice.id(), "Old", "New");

        assertThat(mailboxes.find(alice.id(), "New/Child")).isPresent();
        assertThat(mailboxes.find(alice.id(), "Old")).isEmpty();
    }

    @Test
    void aRecreatedMailboxGetsANewUidValidity() throws Exception {
        long first = mailboxes.create(alice.id(), "Again", null).uidValidity();
        mailboxes.delete(alice.id(), "Again");

        assertThat(mailboxes.create(alice.id(), "Again", null).uidValidity()).isNotEqualTo(first);
    }

    @Test
    void inboxCannotBeDeleted() {
        assertThatThrownBy(() -> mailboxes.delete(alice.id(), "inbox"))
                .isInstanceOfSatisfying(MailboxException.class,
                        e -> assertThat(e.reason()).isEqualTo(MailboxException.Reason.CANNOT));
    }

    @Test
    void quotaCountsWhatIsStored() throws Exception {
        MailboxInfo box = mailboxes.create(alice.id(), "Quota-" + counter++, null);
        long before = mailboxes.quota(alice.id()).usedOctets();
        append(box);

        assertThat(mailboxes.quota(alice.id()).usedOctets()).isGreaterThan(before);
        assertThat(mailboxes.quota(alice.id()).limitOctets()).isEmpty();
    }

    private long append(MailboxInfo box) throws MailboxException {
        return mailboxes.append(alice, box.id(), message("m" + counter++), Set.of(), Instant.now()).uid();
    }

    private static byte[] message(String text) {
        return ("From: alice@example.org\r\nSubject: " + text + "\r\nMessage-ID: <" + System.nanoTime()
                + "@example.org>\r\n\r\n" + text + "\r\n").getBytes(StandardCharsets.UTF_8);
    }

    private Path blobPath(MessageInfo message) {
        return dir.resolve("blobs").resolve(message.blobId().substring(0, 2)).resolve(message.blobId());
    }
}
