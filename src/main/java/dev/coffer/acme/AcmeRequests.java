package dev.coffer.acme;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What an operator asked for with {@code coffer cert}, left as marker files under
 * {@code DATA/acme/} for the running server, which acts on them at its next check (like
 * {@code coffer queue retry}): the CLI cannot answer challenges while the server holds the ports.
 */
public final class AcmeRequests {

    public enum Request {
        /** Order a new certificate now, on the current key. */
        RENEW("renew-requested"),
        /** Order a certificate on the next key, then make it the current key and make a new next key. */
        ROTATE_KEY("rotate-key-requested");

        private final String file;

        Request(String file) {
            this.file = file;
        }
    }

    private final Path directory;

    public AcmeRequests(Path dataDir) {
        this.directory = dataDir.resolve("acme");
    }

    public void ask(Request request) throws IOException {
        Files.createDirectories(directory);
        Files.writeString(directory.resolve(request.file), "");
    }

    public boolean pending(Request request) {
        return Files.exists(directory.resolve(request.file));
    }

    void done(Request request) throws IOException {
        Files.deleteIfExists(directory.resolve(request.file));
    }
}
