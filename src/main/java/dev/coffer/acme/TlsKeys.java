package dev.coffer.acme;

import dev.coffer.crypto.PrivateKeys;
import dev.coffer.crypto.TlsPublicKeys;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PublicKey;
import java.util.Arrays;

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

    /**
     * Finishes a rotation that a crash interrupted. A rotation writes the new certificate first,
     * then the keys ({@link CertificateService}); so a certificate of the next key beside the old
     * current key means the keys were not written yet, and a next key equal to the current one means
     * the new next key was not. Returns whether anything was repaired.
     */
    public boolean completeInterruptedRotation(Path certificateChain) throws IOException {
        if (!Files.exists(certificateChain) || !Files.exists(current) || !Files.exists(next)) {
            return false;
        }
        PublicKey certified = TlsPublicKeys.ofCertificate(certificateChain);
        KeyPair currentKey = PrivateKeys.read(current);
        KeyPair nextKey = PrivateKeys.read(next);
        if (!PrivateKeys.matches(currentKey.getPrivate(), certified)
                && PrivateKeys.matches(nextKey.getPrivate(), certified)) {
            rotate();
            return true;
        }
        if (Arrays.equals(currentKey.getPublic().getEncoded(), nextKey.getPublic().getEncoded())) {
            PrivateKeys.write(next, PrivateKeys.generate().getPrivate());
            return true;
        }
        return false;
    }

    private static KeyPair readOrCreate(Path file) throws IOException {
        if (!Files.exists(file)) {
            PrivateKeys.write(file, PrivateKeys.generate().getPrivate());
        }
        return PrivateKeys.read(file);
    }
}
