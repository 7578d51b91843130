package dev.coffer.store;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Blobs as files under {@code blobs/xx/}: written to a temporary name, fsync'd, renamed
 * into place, and the directory fsync'd, so a crash leaves either nothing or the whole blob.
 */
public final class FileBlobStore implements BlobStore {

    private static final Pattern BLOB_ID = Pattern.compile("[0-9a-f]{32}");

    private final Path root;
    private final Path temporary;
    /** Directories known to exist, so a put does not stat its way down the path each time. */
    private final Set<Path> directories = ConcurrentHashMap.newKeySet();

    public FileBlobStore(Path root) throws IOException {
        this.root = root;
        this.temporary = root.resolve("tmp");
        Files.createDirectories(temporary);
    }

    @Override
    public String put(byte[] content) throws IOException {
        String id = UUID.randomUUID().toString().replace("-", "");
        Path directory = root.resolve(id.substring(0, 2));
        Path target = directory.resolve(id);
        if (!directories.contains(directory)) {
            Files.createDirectories(directory);
            directories.add(directory);
        }
        Path staging = temporary.resolve(id);
        try (FileChannel channel = FileChannel.open(staging,
                StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            ByteBuffer buffer = ByteBuffer.wrap(content);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            channel.force(true);
        }
        try {
            move(staging, target);
        } catch (NoSuchFileException directoryGone) {
            directories.remove(directory);
            Files.createDirectories(directory);
            directories.add(directory);
            move(staging, target);
        }
        syncDirectory(directory);
        return id;
    }

    @Override
    public byte[] get(String blobId) throws IOException {
        return Files.readAllBytes(pathOf(blobId));
    }

    @Override
    public byte[] prefix(String blobId, int maxOctets) throws IOException {
        try (InputStream in = Files.newInputStream(pathOf(blobId))) {
            return in.readNBytes(maxOctets);
        }
    }

    @Override
    public void delete(String blobId) throws IOException {
        try {
            Files.delete(pathOf(blobId));
        } catch (NoSuchFileException alreadyGone) {
            // Deleting is idempotent.
        }
    }

    private static void move(Path staging, Path target) throws IOException {
        try {
            Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(staging, target);
        }
    }

    private Path pathOf(String blobId) {
        if (!BLOB_ID.matcher(blobId).matches()) {
            throw new IllegalArgumentException("not a blob id: " + blobId);
        }
        return root.resolve(blobId.substring(0, 2)).resolve(blobId);
    }

    private static void syncDirectory(Path directory) throws IOException {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }
}
