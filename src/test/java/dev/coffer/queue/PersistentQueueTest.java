package dev.coffer.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.coffer.store.QueueRecipient;
import dev.coffer.store.Store;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The queue's storage and its admin operations. */
class PersistentQueueTest {

    private static final String MARKER = "MARKER-7f3c1d-plaintext-must-not-touch-disk";

    @TempDir
    Path data;

    private final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T10:00:00Z"));
    private Store store;
    private PersistentQueue queue;

    @BeforeEach
    void open() throws IOException {
        store = Store.open(data);
        queue = new PersistentQueue(store.queue(), store.blobs(), QueueKey.loadOrCreate(data), clock);
    }

    @AfterEach
    void close() {
        store.close();
    }

    private String enqueue(String... recipients) throws QueueException {
        byte[] message = ("Subject: " + MARKER + "\r\n\r\n" + MARKER + "\r\n").getBytes(StandardCharsets.UTF_8);
        return queue.enqueue(new OutboundMessage("alice@coffer.test", List.of(recipients), message, false, null));
    }

    private List<Path> files() throws IOException {
        try (Stream<Path> walk = Files.walk(data)) {
            return walk.filter(Files::isRegularFile).toList();
        }
    }

    private static boolean contains(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    @Test
    void listsAQueuedMessageWithItsRecipientsPending() throws Exception {
        String id = enqueue("bob@peer.test", "carol@other.test");

        assertThat(queue.list()).singleElement().satisfies(message -> {
            assertThat(message.id()).isEqualTo(id);
            assertThat(message.reversePath()).isEqualTo("alice@coffer.test");
            assertThat(message.attempts()).isZero();
            assertThat(message.nextAttempt()).isEqualTo(clock.instant());
            assertThat(message.lastError()).isNull();
            assertThat(message.recipients()).extracting(QueueRecipient::address, QueueRecipient::state).containsExactly(
                    org.assertj.core.groups.Tuple.tuple("bob@peer.test", QueueRecipient.State.PENDING),
                    org.assertj.core.groups.Tuple.tuple("carol@other.test", QueueRecipient.State.PENDING));
        });
    }

    @Test
    void neverWritesTheMessageToDiskInClear() throws Exception {
        String id = enqueue("bob@peer.test");

        byte[] marker = MARKER.getBytes(StandardCharsets.UTF_8);
        List<Path> files = files();
        assertThat(files).isNotEmpty();
        for (Path file : files) {
            assertThat(contains(Files.readAllBytes(file), marker)).as(file.toString()).isFalse();
        }
        var entry = queue.entry(id).orElseThrow();
        assertThat(new String(queue.content(entry), StandardCharsets.UTF_8)).contains(MARKER);
    }

    @Test
    void keepsTheQueueKeyReadableByTheOwnerOnly() throws Exception {
        Path key = data.resolve("queue.key");
        assertThat(Files.size(key)).isEqualTo(32);
        assertThat(Files.getPosixFilePermissions(key))
                .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
    }

    @Test
    void sealsEachBlobWithItsOwnNonceAndRejectsTampering() throws Exception {
        QueueKey key = QueueKey.loadOrCreate(data);
        byte[] first = key.seal("same".getBytes(StandardCharsets.UTF_8));
        byte[] second = key.seal("same".getBytes(StandardCharsets.UTF_8));
        assertThat(first).isNotEqualTo(second);
        assertThat(key.open(first)).isEqualTo("same".getBytes(StandardCharsets.UTF_8));

        byte[] altered = Arrays.copyOf(first, first.length);
        altered[altered.length - 1] ^= 1;
        assertThatThrownBy(() -> key.open(altered)).isInstanceOf(IOException.class);
    }

    @Test
    void dropRemovesTheMessageAndItsBlob() throws Exception {
        String id = enqueue("bob@peer.test");
        String blobId = queue.entry(id).orElseThrow().blobId();

        assertThat(queue.drop(id)).isTrue();

        assertThat(queue.list()).isEmpty();
        assertThatThrownBy(() -> store.blobs().get(blobId)).isInstanceOf(IOException.class);
        assertThat(queue.drop(id)).isFalse();
    }

    @Test
    void retryMakesADeferredMessageDueNow() throws Exception {
        String id = enqueue("bob@peer.test");
        store.queue().reschedule(id, clock.instant().plus(Duration.ofHours(2)));
        assertThat(queue.due(clock.instant(), 10)).isEmpty();
        clock.advance(Duration.ofMinutes(1));

        assertThat(queue.retry(id)).isTrue();

        assertThat(queue.due(clock.instant(), 10)).extracting(entry -> entry.id()).containsExactly(id);
        assertThat(queue.retry("no-such-id")).isFalse();
    }

    @Test
    void refusesAMessageWithoutRecipients() {
        assertThatThrownBy(() -> queue.enqueue(new OutboundMessage("a@coffer.test", List.of(), new byte[1], false, null)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void keepsQueuedMessagesAcrossReopening() throws Exception {
        String id = enqueue("bob@peer.test");
        store.close();

        open();

        assertThat(queue.list()).extracting(QueuedMessage::id).containsExactly(id);
        assertThat(new String(queue.content(queue.entry(id).orElseThrow()), StandardCharsets.UTF_8)).contains(MARKER);
    }
}
