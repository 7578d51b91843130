package dev.coffer.acme;

import dev.coffer.crypto.PrivateKeys;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;

/**
 * The server's TLS key and the NEXT key, pre-published in TLSA records so that a rotation never
 * breaks DANE (RFC 7671 §8.1): certificates are renewed on the current key; only an explicit
 * rotation makes the next key current and a new next key.
 */
public final class TlsKeys {

    /** Where the next key lives, relative to the data directory (PEM PKCS#8). */
    public static final String NEXT_KEY = "tls/next-key.pem";

    private final Path current;
    private final Path next;

    public TlsKeys(Path current, Path next) {
        this.current = current;
        this.next = next;
    }

    public static TlsKeys in(Path dataDir, String currentKey) {
        return new TlsKeys(dataDir.resolve(currentKey), dataDir.resolve(NEXT_KEY));
    }

    public Path currentFile() {
        return current;
    }

    public Path nextFile() {
        return next;
    }

    /** The current key, made when there is none yet. */
    public KeyPair current() throws IOException {
        return readOrCreate(current);
    }

    /** The next key, made when there is none yet: publish its TLSA record before a rotation. */
    public KeyPair next() throws IOException {
        return readOrCreate(next);
    }

    /** The next key becomes the current key, and a new next key is made. Returns the new current key. */
    public KeyPair rotate() throws IOException {
        KeyPair promoted = next();
        PrivateKeys.write(current, promoted.getPrivate());
        PrivateKeys.write(next, PrivateKeys.generate().getPrivate());
        return promoted;
    }

    private static KeyPair readOrCreate(Path file) throws IOException {
        if (!Files.exists(file)) {
            PrivateKeys.write(file, PrivateKeys.generate().getPrivate());
        }
        return PrivateKeys.read(file);
    }
}
