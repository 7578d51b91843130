package dev.coffer.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
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
    void leavesNoTemporaryFileBehind() throws Exception {
        FileBlobStore blobs = new FileBlobStore(dir);

        blobs.put(new byte[] {1});

        try (var files = Files.list(dir.resolve("tmp"))) {
            assertThat(files).isEmpty();
        }
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
}
