package dev.coffer.server;

import dev.coffer.crypto.ServerTls;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves the [tls] files again when they change on disk (a certificate installed by hand or by
 * another ACME client), on every listener, without a restart. A pair that does not match is
 * refused and the one served stays.
 */
final class CertificateReload implements Runnable {

    static final Duration INTERVAL = Duration.ofSeconds(60);

    private static final Logger log = LoggerFactory.getLogger(CertificateReload.class);

    private final ServerTls tls;
    private final Path certificate;
    private final Path key;
    private List<FileTime> loaded;

    CertificateReload(ServerTls tls, Path certificate, Path key) {
        this.tls = tls;
        this.certificate = certificate;
        this.key = key;
        this.loaded = modified();
    }

    @Override
    public void run() {
        List<FileTime> now = modified();
        if (now.equals(loaded)) {
            return;
        }
        loaded = now;
        try {
            var certified = ServerTls.read(certificate, key);
            if (!certified.equals(tls.current())) {
                tls.replace(certified);
                log.info("event=certificate-reloaded not-after={}", certified.leaf().getNotAfter().toInstant());
            }
        } catch (IOException e) {
            log.warn("event=certificate-reload-refused error=\"{}\"", e.getMessage());
        }
    }

    private List<FileTime> modified() {
        try {
            return List.of(Files.getLastModifiedTime(certificate), Files.getLastModifiedTime(key));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + certificate + " or " + key, e);
        }
    }
}
