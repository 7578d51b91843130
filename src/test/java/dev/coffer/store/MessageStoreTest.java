package dev.coffer.store;

import dev.coffer.mail.TopLevelHeaders;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MessageStoreTest {

    @TempDir
    Path dir;

    Store store;
    Mailbox inbox;

    @BeforeEach
    void open() throws Exception {
        store = Store.open(dir);
        Account account = StoreFixture.account(store, "alice@example.org");
        inbox = store.mailboxes().find(account.id(), "INBOX").orElseThrow();
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void concurrentAppendsGetDistinctConsecutiveUids() throws Exception {
        List<Future<List<StoredMessage>>> results = new ArrayList<>();
        try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 200; i++) {
                String id = "<" + i + "@test>";
                results.add(threads.submit(() -> store.messages().append(List.of(message(id))).get()));
            }
        }
        List<Long> uids = new ArrayList<>();
        for (Future<List<StoredMessage>> result : results) {
            uids.add(result.get().getFirst().uid());
        }

        assertThat(uids).doesNotHaveDuplicates().hasSize(200);
        assertThat(store.messages().list(inbox.id())).extracting(StoredMessage::uid)
                .containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(1, 200).boxed().toList());
        Mailbox after = store.mailboxes().find(inbox.accountId(), "INBOX").orElseThrow();
        assertThat(after.uidNext()).isEqualTo(201);
        assertThat(after.highestModseq()).isGreaterThanOrEqualTo(200);
    }

    @Test
    void keepsTheOuterHeadersAndFlags() throws Exception {
        store.messages().append(List.of(message("<kept@test>"))).get();

        StoredMessage stored = store.messages().list(inbox.id()).getFirst();

        assertThat(stored.headers().messageId()).isEqualTo("<kept@test>");
        assertThat(stored.headers().from()).isEqualTo("bob@example.net");
        assertThat(stored.flags()).isEmpty();
        assertThat(stored.keptAsReceived()).isFalse();
    }

    @Test
    void tellsListenersAfterTheCommit() throws Exception {
        List<StoredMessage> seen = new CopyOnWriteArrayList<>();
        store.messages().addListener(seen::addAll);

        store.messages().append(List.of(message("<a@test>"), message("<b@test>"))).get();

        assertThat(seen).extracting(m -> m.headers().messageId()).containsExactly("<a@test>", "<b@test>");
    }

    @Test
    void failsOnlyTheRequestThatCannotCommit() throws Exception {
        NewMessage orphan = new NewMessage(9999, "0".repeat(32), 10, Instant.now(), Set.of(), false, headers("<x>"));

        CompletableFuture<List<StoredMessage>> bad = store.messages().append(List.of(orphan));
        CompletableFuture<List<StoredMessage>> good = store.messages().append(List.of(message("<ok@test>")));

        assertThatThrownBy(bad::get).isInstanceOf(ExecutionException.class).hasMessageContaining("9999");
        assertThat(good.get()).hasSize(1);
    }

    private NewMessage message(String messageId) {
        return new NewMessage(inbox.id(), "0".repeat(32), 100, Instant.now(), Set.of(), false, headers(messageId));
    }

    private static TopLevelHeaders headers(String messageId) {
        return new TopLevelHeaders("bob@example.net", "alice@example.org", null,
                "Sat, 28 Nov 2026 10:00:00 +0000", messageId, null, null);
    }
}
