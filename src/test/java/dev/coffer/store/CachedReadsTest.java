package dev.coffer.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The reads served from caches follow every write that changes them, in this store and in another opening. */
class CachedReadsTest {

    @TempDir
    Path dir;

    Store store;
    Account alice;

    @BeforeEach
    void open() throws Exception {
        store = Store.open(dir);
        alice = StoreFixture.account(store, "alice@example.org");
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void mailboxIdsFollowCreateRenameAndDelete() {
        assertThat(store.mailboxes().idOf(alice.id(), "Lists")).isEmpty();

        Mailbox lists = store.mailboxes().create(alice.id(), new MailboxSpec("Lists", null));
        assertThat(store.mailboxes().idOf(alice.id(), "Lists")).hasValue(lists.id());

        store.mailboxes().rename(alice.id(), "Lists", "Archive", '/');
        assertThat(store.mailboxes().idOf(alice.id(), "Lists")).isEmpty();
        assertThat(store.mailboxes().idOf(alice.id(), "Archive")).hasValue(lists.id());

        store.mailboxes().delete(lists.id());
        assertThat(store.mailboxes().idOf(alice.id(), "Archive")).isEmpty();
    }

    @Test
    void theActiveScriptFollowsPutActivateRenameAndDelete() {
        Instant now = Instant.now();
        store.sieveScripts().put(alice.id(), "main", "keep;", 5, now);
        assertThat(store.sieveScripts().active(alice.id())).isEmpty();

        store.sieveScripts().activate(alice.id(), "main");
        assertThat(store.sieveScripts().active(alice.id())).get().extracting(SieveScriptRow::content).isEqualTo("keep;");

        store.sieveScripts().put(alice.id(), "main", "discard;", 5, now);
        assertThat(store.sieveScripts().active(alice.id())).get().extracting(SieveScriptRow::content).isEqualTo("discard;");

        store.sieveScripts().rename(alice.id(), "main", "other");
        assertThat(store.sieveScripts().active(alice.id())).get().extracting(SieveScriptRow::name).isEqualTo("other");

        store.sieveScripts().activate(alice.id(), "");
        assertThat(store.sieveScripts().active(alice.id())).isEmpty();
        store.sieveScripts().activate(alice.id(), "other");
        store.sieveScripts().activate(alice.id(), "");
        store.sieveScripts().delete(alice.id(), "other");
        assertThat(store.sieveScripts().active(alice.id())).isEmpty();
    }

    @Test
    void theVacationResponseFollowsEachSet() {
        assertThat(store.vacationResponses().find(alice.id()).enabled()).isFalse();

        store.vacationResponses().put(new VacationResponseRow(alice.id(), true, null, null, "Away", "Back soon", null));
        assertThat(store.vacationResponses().find(alice.id()).textBody()).isEqualTo("Back soon");

        store.vacationResponses().put(new VacationResponseRow(alice.id(), false, null, null, "Away", "Back soon", null));
        assertThat(store.vacationResponses().find(alice.id()).enabled()).isFalse();
    }

    @Test
    void anAccountMadeWithTheIdOfADeletedOneInheritsNothingCached() {
        Account doomed = StoreFixture.account(store, "doomed@example.org");
        store.sieveScripts().put(doomed.id(), "main", "discard;", 5, Instant.now());
        store.sieveScripts().activate(doomed.id(), "main");
        store.vacationResponses().put(new VacationResponseRow(doomed.id(), true, null, null, null, "Gone", null));
        store.mailboxes().create(doomed.id(), new MailboxSpec("Private", null));
        store.mailboxes().idOf(doomed.id(), "INBOX");
        assertThat(store.sieveScripts().active(doomed.id())).isPresent();
        assertThat(store.vacationResponses().find(doomed.id()).enabled()).isTrue();
        assertThat(store.mailboxes().idOf(doomed.id(), "Private")).isPresent();

        store.accounts().delete(doomed.id());
        Account successor = StoreFixture.account(store, "successor@example.org");

        assertThat(successor.id()).as("SQLite gives the highest id out again").isEqualTo(doomed.id());
        assertThat(store.sieveScripts().active(successor.id())).isEmpty();
        assertThat(store.vacationResponses().find(successor.id()).enabled()).isFalse();
        assertThat(store.mailboxes().idOf(successor.id(), "Private")).isEmpty();
        assertThat(store.mailboxes().idOf(successor.id(), "INBOX"))
                .hasValue(store.mailboxes().find(successor.id(), "INBOX").orElseThrow().id());
    }

    @Test
    void writesThroughAnotherOpeningOfTheDataDirectoryAreSeenAtOnce() throws Exception {
        assertThat(store.mailboxes().idOf(alice.id(), "Lists")).isEmpty();
        assertThat(store.sieveScripts().active(alice.id())).isEmpty();
        assertThat(store.vacationResponses().find(alice.id()).enabled()).isFalse();

        // What CLI commands do while the server runs.
        try (Store cli = Store.open(dir)) {
            cli.mailboxes().create(alice.id(), new MailboxSpec("Lists", null));
            cli.sieveScripts().put(alice.id(), "main", "keep;", 5, Instant.now());
            cli.sieveScripts().activate(alice.id(), "main");
            cli.vacationResponses().put(new VacationResponseRow(alice.id(), true, null, null, null, "Away", null));
        }

        assertThat(store.mailboxes().idOf(alice.id(), "Lists")).isPresent();
        assertThat(store.sieveScripts().active(alice.id())).isPresent();
        assertThat(store.vacationResponses().find(alice.id()).enabled()).isTrue();
    }
}
