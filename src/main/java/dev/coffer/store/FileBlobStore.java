package dev.coffer.store;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.time.InstantSource;
import java.util.HexFormat;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Blobs as files under {@code blobs/xx/}, each written under a new random name and fsync'd.
 * A blob is written in place, not renamed from a temporary file: until the row naming it
 * commits nobody knows its id, so a crash half-way leaves only a file that no row names, as
 * a leftover temporary file would, and every blob a row names is whole. The new names are
 * made durable by one fsync of each directory they were made in, in {@link #syncNames},
 * which the database runs just before its commit: a group commit of many deliveries syncs a
 * directory once, not once per blob.
 *
 * <p>The two hex digits that name a blob's directory count seconds (modulo 256): the blobs of
 * one group commit land in one directory, or two across a second's boundary, and over 256
 * seconds the names go round every directory, which so fill as evenly as random ones would.
 * The other 30 hex digits are random.
 */
public final class FileBlobStore implements BlobStore {

    private static final Pattern BLOB_ID = Pattern.compile("[0-9a-f]{32}");
    private static final int RANDOM_OCTETS = 15;
    private static final HexFormat HEX = HexFormat.of();

    /** How a directory is made durable: an fsync of it, or what a test records instead. */
    @FunctionalInterface
    interface DirectorySync {
        void sync(Path directory) throws IOException;
    }

    private final Path root;
    private final InstantSource clock;
    private final DirectorySync directorySync;
    private final SecureRandom random = new SecureRandom();
    /** Directories known to exist, so a put does not stat its way down the path each time. */
    private final Set<Path> directories = ConcurrentHashMap.newKeySet();
    /** Directories with entries made since their last fsync: a put adds after its write, a sync removes before its fsync. */
    private final Set<Path> unsynced = ConcurrentHashMap.newKeySet();

    public FileBlobStore(Path root) throws IOException {
        this(root, InstantSource.system(), FileBlobStore::fsyncDirectory);
    }

    FileBlobStore(Path root, InstantSource clock, DirectorySync directorySync) throws IOException {
        this.root = root;
        this.clock = clock;
        this.directorySync = directorySync;
        Files.createDirectories(root);
    }

    @Override
    public String put(byte[] content) throws IOException {
        String id = newId();
        Path directory = root.resolve(id.substring(0, 2));
        ensureDirectory(directory);
        Path target = directory.resolve(id);
        try {
            write(target, content);
        } catch (NoSuchFileException directoryGone) {
            directories.remove(directory);
            ensureDirectory(directory);
            write(target, content);
        }
        unsynced.add(directory);
        return id;
    }

    @Override
    public void syncNames() throws IOException {
        for (Path directory : unsynced) {
            if (!unsynced.remove(directory)) {
                continue;
            }
            try {
                directorySync.sync(directory);
            } catch (IOException e) {
                unsynced.add(directory);
                throw e;
            }
        }
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

    private String newId() {
        byte[] octets = new byte[RANDOM_OCTETS + 1];
        random.nextBytes(octets);
        octets[0] = (byte) clock.instant().getEpochSecond();
        return HEX.formatHex(octets);
    }

    /**
     * A directory's own entry is a name in the root, which must be as durable as the blobs' names:
     * the root is marked unsynced after the directory exists and before any put can use it.
     */
    private void ensureDirectory(Path directory) throws IOException {
        if (directories.contains(directory)) {
            return;
        }
        synchronized (directories) {
            if (!directories.contains(directory)) {
                Files.createDirectories(directory);
                unsynced.add(root);
                directories.add(directory);
            }
        }
    }

    /** Creates the file (never over another), writes it whole and fsyncs it; on failure nothing is left. */
    private static void write(Path target, byte[] content) throws IOException {
        try (FileChannel channel = FileChannel.open(target, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            ByteBuffer buffer = ByteBuffer.wrap(content);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            channel.force(true);
        } catch (NoSuchFileException directoryGone) {
            throw directoryGone;
        } catch (IOException e) {
            Files.deleteIfExists(target);
            throw e;
        }
    }

    private Path pathOf(String blobId) {
        if (!BLOB_ID.matcher(blobId).matches()) {
            throw new IllegalArgumentException("not a blob id: " + blobId);
        }
        return root.resolve(blobId.substring(0, 2)).resolve(blobId);
    }

    private static void fsyncDirectory(Path directory) throws IOException {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }
}
