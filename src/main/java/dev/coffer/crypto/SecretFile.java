package dev.coffer.crypto;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Set;

/**
 * A node secret in a file of the data directory: random bytes, mode 0600, created on first
 * use and fsync'd, then read by every later start (the queue key, the pre-login salt key).
 */
public final class SecretFile {

    private SecretFile() {}

    /** The {@code length} bytes in {@code file}, created with fresh random bytes if it does not exist yet. */
    public static byte[] loadOrCreate(Path file, int length) throws IOException {
        if (!Files.exists(file)) {
            byte[] fresh = new byte[length];
            new SecureRandom().nextBytes(fresh);
            try {
                create(file, fresh);
            } catch (FileAlreadyExistsException raced) {
                // Another process created it first: use theirs.
            }
        }
        byte[] stored = Files.readAllBytes(file);
        if (stored.length != length) {
            throw new IOException("the secret " + file + " is damaged: expected " + length + " bytes");
        }
        return stored;
    }

    private static void create(Path file, byte[] secret) throws IOException {
        Files.createDirectories(file.getParent());
        var options = Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        try (FileChannel channel = supportsPosix(file)
                ? FileChannel.open(file, options,
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))
                : FileChannel.open(file, options)) {
            channel.write(ByteBuffer.wrap(secret));
            channel.force(true);
        }
    }

    private static boolean supportsPosix(Path file) {
        return file.getFileSystem().supportedFileAttributeViews().contains("posix");
    }
}
