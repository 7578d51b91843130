package dev.coffer.acme;

import dev.coffer.config.CofferConfig;
import dev.coffer.crypto.CertifiedKey;
import dev.coffer.crypto.PrivateKeys;
import dev.coffer.crypto.ServerTls;
import dev.coffer.crypto.TlsaDigest;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/**
 * What {@code coffer cert status} shows: the certificate in [tls] (names, validity, when it is
 * renewed), the TLSA "3 1 1" digests of the current and the next key, and the ACME state.
 */
public record CertificateStatus(
        List<String> names,
        String issuer,
        Instant notBefore,
        Instant notAfter,
        Instant renewalTime,
        String currentKeyDigest,
        Optional<String> nextKeyDigest,
        boolean acmeEnabled,
        Optional<URI> account,
        Optional<String> issuedBy,
        List<String> pendingRequests,
        Optional<String> lastError) {

    /** Reads the files of the data directory; makes nothing (the next key appears once the server runs). */
    public static CertificateStatus read(Path dataDir, CofferConfig config) throws IOException {
        CertifiedKey served = ServerTls.read(dataDir.resolve(config.tls().certificate()),
                dataDir.resolve(config.tls().key()));
        TlsKeys keys = TlsKeys.in(dataDir, config.tls().key());
        Optional<String> next = Files.exists(keys.nextFile())
                ? Optional.of(TlsaDigest.of(PrivateKeys.read(keys.nextFile()).getPublic())) : Optional.empty();
        AcmeRequests requests = new AcmeRequests(dataDir);
        List<String> pending = java.util.Arrays.stream(AcmeRequests.Request.values())
                .filter(requests::pending).map(r -> r.name().toLowerCase().replace('_', '-')).toList();
        RenewalPolicy policy = new RenewalPolicy(Duration.ofDays(config.acme().renewBeforeDays()));
        return new CertificateStatus(
                List.copyOf(new TreeSet<>(RenewalPolicy.dnsNames(served.leaf()))),
                served.leaf().getIssuerX500Principal().getName(),
                served.leaf().getNotBefore().toInstant(),
                served.leaf().getNotAfter().toInstant(),
                policy.renewalTime(served.leaf()),
                TlsaDigest.of(served.leaf()),
                next,
                config.acme().enabled(),
                AcmeAccountUri.read(dataDir),
                readLine(CertificateService.issuedByFile(dataDir)),
                pending,
                readLine(CertificateService.lastErrorFile(dataDir)));
    }

    private static Optional<String> readLine(Path file) throws IOException {
        return Files.exists(file) ? Optional.of(Files.readString(file).strip()) : Optional.empty();
    }
}
