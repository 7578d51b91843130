package dev.coffer.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileBlobStoreTest {

    @TempDir
    Path dir;

    @Test
    void returnsWhatWasStored() throws Exception {
        FileBlobStore blobs = new FileBlobStore(dir);

        String id = blobs.put(new byte[] {1, 2, 3});

        assertThat(blobs.get(id)).containsExactly(1, 2, 3);
    }

    @Test
    void readsTheFirstOctetsOfABlobOrAllOfAShortOne() throws Exception {
        FileBlobStore blobs = new FileBlobStore(dir);

        String id = blobs.put(new byte[] {1, 2, 3, 4, 5});

        assertThat(blobs.prefix(id, 3)).containsExactly(1, 2, 3);
        assertThat(blobs.prefix(id, 100)).containsExactly(1, 2, 3, 4, 5);
        assertThatThrownBy(() -> blobs.prefix("0123456789abcdef0123456789abcdef", 3))
                .isInstanceOf(NoSuchFileException.class);
    }

    @Test
    void leavesNothingButTheBlob() throws Exception {
        FileBlobStore blobs = new FileBlobStore(dir);

        String id = blobs.put(new byte[] {1});

        try (var files = Files.walk(dir)) {
            assertThat(files.filter(Files::isRegularFile)).containsExactly(dir.resolve(id.substring(0, 2)).resolve(id));
        }
    }

    @Test
    void aDirectoryRemovedUnderneathIsMadeAgain() throws Exception {
        FileBlobStore blobs = new FileBlobStore(dir, InstantSource.fixed(Instant.EPOCH), directory -> { });
        String first = blobs.put(new byte[] {1});
        blobs.delete(first);
        Files.delete(dir.resolve(first.substring(0, 2)));

        String second = blobs.put(new byte[] {2});

        assertThat(blobs.get(second)).containsExactly(2);
    }

    @Test
    void deletingTwiceIsHarmless() throws Exception {
        FileBlobStore blobs = new FileBlobStore(dir);
        String id = blobs.put(new byte[] {1});

        blobs.delete(id);
        blobs.delete(id);

        assertThatThrownBy(() -> blobs.get(id)).isInstanceOf(NoSuchFileException.class);
    }

    @Test
    void refusesIdsThatCouldEscapeTheDirectory() throws Exception {
        FileBlobStore blobs = new FileBlobStore(dir);

        assertThatThrownBy(() -> blobs.get("../../etc/passwd")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void blobsOfOneSecondShareADirectoryAndTheNextSecondTakesTheNext() throws Exception {
        Instant second = Instant.parse("2026-11-29T00:00:00Z");
        List<Instant> now = new ArrayList<>(List.of(second));
        FileBlobStore blobs = new FileBlobStore(dir, () -> now.getLast(), directory -> { });

        String first = blobs.put(new byte[] {1});
        String sameSecond = blobs.put(new byte[] {2});
        now.add(second.plusSeconds(1));
        String nextSecond = blobs.put(new byte[] {3});

        assertThat(first.substring(0, 2)).isEqualTo(sameSecond.substring(0, 2));
        assertThat(Integer.parseInt(nextSecond.substring(0, 2), 16))
                .isEqualTo((Integer.parseInt(first.substring(0, 2), 16) + 1) % 256);
        assertThat(first).isNotEqualTo(sameSecond).matches("[0-9a-f]{32}");
    }

    @Test
    void syncsEachTouchedDirectoryOnceAndTheRootWhenADirectoryIsNew() throws Exception {
        List<Path> synced = new ArrayList<>();
        FileBlobStore blobs = new FileBlobStore(dir, InstantSource.fixed(Instant.EPOCH), synced::add);
        String id = blobs.put(new byte[] {1});
        blobs.put(new byte[] {2});

        blobs.syncNames();
        blobs.syncNames();

        assertThat(synced).containsExactlyInAnyOrder(dir, dir.resolve(id.substring(0, 2)));
    }
}
