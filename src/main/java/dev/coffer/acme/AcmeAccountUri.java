package dev.coffer.acme;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The URI of the ACME account Coffer registered (RFC 8555 §7.3), kept in
 * {@code DATA/acme/account-uri}: CAA records name it in {@code accounturi} (RFC 8657).
 */
public final class AcmeAccountUri {

    private AcmeAccountUri() {}

    public static Path file(Path dataDir) {
        return dataDir.resolve("acme").resolve("account-uri");
    }

    /** Empty when Coffer has no ACME account (certificates come from elsewhere). */
    public static Optional<URI> read(Path dataDir) {
        Path file = file(dataDir);
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(URI.create(Files.readString(file).strip()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    public static void write(Path dataDir, URI account) throws IOException {
        Path file = file(dataDir);
        Files.createDirectories(file.getParent());
        Files.writeString(file, account + "\n");
    }
}
