package dev.coffer.acme;

import dev.coffer.acme.AcmeRequests.Request;
import dev.coffer.config.CofferConfig;
import dev.coffer.crypto.CertifiedKey;
import dev.coffer.crypto.ServerTls;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.shredzone.acme4j.Login;
import org.shredzone.acme4j.Session;
import org.shredzone.acme4j.provider.AcmeProvider;
import org.shredzone.acme4j.provider.GenericAcmeProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the served certificate current with an ACME CA: orders one when the policy says so or the
 * operator asks, on the CURRENT key (so TLSA "3 1 1" records stay valid), or on the NEXT key when
 * the operator rotates; writes it to the [tls] files and swaps it into every listener at once.
 */
public final class CertificateService {

    private static final Logger log = LoggerFactory.getLogger(CertificateService.class);

    /** Let's Encrypt's limit of names in one certificate. */
    static final int MAX_NAMES = 100;

    /** How long automatic renewals pause after a failed order. */
    static final Duration FAILURE_BACKOFF = Duration.ofHours(1);

    /** How long names the CA could not validate stay out of the certificate before they are tried again. */
    static final Duration EXCLUSION = Duration.ofDays(1);

    private final Path dataDir;
    private final CofferConfig.Acme settings;
    private final String hostname;
    private final Supplier<List<String>> hostedDomains;
    private final TlsKeys keys;
    private final Path certificateFile;
    private final ServerTls tls;
    private final AcmeOrdering ordering;
    private final AcmeRequests requests;
    private final RenewalPolicy policy;
    private final InstantSource clock;
    private Instant retryAfter = Instant.MIN;
    private final ExcludedNames excluded;

    public CertificateService(Path dataDir, CofferConfig config, Supplier<List<String>> hostedDomains, ServerTls tls,
                              Http01Answers http01, InstantSource clock) {
        this.dataDir = dataDir;
        this.settings = config.acme();
        this.hostname = config.hostname();
        this.hostedDomains = hostedDomains;
        this.keys = TlsKeys.in(dataDir, config.tls().key());
        this.certificateFile = dataDir.resolve(config.tls().certificate());
        this.tls = tls;
        this.ordering = new AcmeOrdering(new ChallengeResponder(settings.challenges(), http01, tls.challenges()));
        this.requests = new AcmeRequests(dataDir);
        this.excluded = new ExcludedNames(dataDir);
        this.policy = new RenewalPolicy(Duration.ofDays(settings.renewBeforeDays()));
        this.clock = clock;
    }

    /**
     * The periodic check: a requested rotation or renewal, else a renewal when the policy says one
     * is due. After a failure, automatic renewals wait {@link #FAILURE_BACKOFF} (CAs limit failed
     * validations); an operator's request is tried at once, and once only.
     */
    public synchronized void runDue() {
        try {
            keys.next();
            if (requests.pending(Request.ROTATE_KEY)) {
                attempt(Request.ROTATE_KEY, "requested", this::rotateKey);
                return;
            }
            if (requests.pending(Request.RENEW)) {
                attempt(Request.RENEW, "requested", this::renew);
                return;
            }
            if (clock.instant().isBefore(retryAfter)) {
                return;
            }
            Optional<String> reason = policy.reasonToRenew(tls.current().leaf(), names(),
                    keys.current().getPublic(), fromConfiguredCa(), clock.instant());
            if (reason.isPresent()) {
                attempt(null, reason.get(), this::renew);
            }
        } catch (IOException e) {
            log.warn("event=acme-check-failed error=\"{}\"", e.getMessage());
        }
    }

    @FunctionalInterface
    private interface Step {
        void run() throws IOException;
    }

    private void attempt(Request request, String reason, Step step) throws IOException {
        log.info("event=acme-order reason={} request={}", reason, request == null ? "none" : request.name());
        try {
            step.run();
            Files.deleteIfExists(lastErrorFile(dataDir));
        } catch (IOException | RuntimeException e) {
            retryAfter = clock.instant().plus(FAILURE_BACKOFF);
            Files.createDirectories(lastErrorFile(dataDir).getParent());
            Files.writeString(lastErrorFile(dataDir), clock.instant() + " " + e.getMessage() + "\n");
            log.warn("event=acme-order-failed reason={} error=\"{}\"", reason, e.getMessage());
        } finally {
            if (request != null) {
                requests.done(request);
            }
        }
    }

    private void renew() throws IOException {
        KeyPair current = keys.current();
        install(order(names(), current), current);
    }

    /**
     * Orders a certificate on the next key; once it is issued, every listener serves it, the next
     * key becomes the current one and a new next key is made. The certificate is written before the
     * keys, so that {@link TlsKeys#completeInterruptedRotation} can finish after a crash in between.
     */
    private void rotateKey() throws IOException {
        List<String> names = names();
        KeyPair next = keys.next();
        List<X509Certificate> chain = order(names, next);
        install(chain, next);
        keys.rotate();
        requests.done(Request.RENEW);
        log.info("event=tls-key-rotated");
    }

    /**
     * Orders a certificate for the names; when the CA cannot validate some of a hosted domain's
     * names, they are left out for {@link #EXCLUSION} and the order is made again without them, so
     * that one domain whose DNS does not lead here yet costs no other domain its certificate.
     */
    private List<X509Certificate> order(List<String> names, KeyPair key) throws IOException {
        try {
            return orderOnce(names, key);
        } catch (NamesNotValidated e) {
            if (e.names().contains(hostname.toLowerCase(Locale.ROOT))) {
                throw e;
            }
            Instant until = clock.instant().plus(EXCLUSION);
            excluded.exclude(e.names(), until, clock.instant());
            log.warn("event=acme-names-excluded count={} until={} error=\"{}\"", e.names().size(), until,
                    e.getMessage());
            return orderOnce(names(), key);
        }
    }

    private List<X509Certificate> orderOnce(List<String> names, KeyPair key) throws IOException {
        if (names.size() > MAX_NAMES) {
            throw new IOException(names.size() + " names exceed the " + MAX_NAMES
                    + " a certificate may hold: host fewer domains on this server");
        }
        Session session = new Session(URI.create(settings.directory()), provider());
        try {
            Login login = new AcmeAccount(dataDir, settings.contact()).login(session);
            return ordering.order(login, names, key);
        } catch (org.shredzone.acme4j.exception.AcmeException e) {
            throw new IOException("ACME account: " + e.getMessage(), e);
        }
    }

    private void install(List<X509Certificate> chain, KeyPair key) throws IOException {
        CertificateFiles.write(certificateFile, chain);
        Files.writeString(issuedByFile(dataDir), settings.directory() + "\n");
        tls.replace(new CertifiedKey(key.getPrivate(), chain));
        log.info("event=certificate-installed not-after={}", chain.getFirst().getNotAfter().toInstant());
    }

    private AcmeProvider provider() throws IOException {
        return settings.trust().isEmpty() ? new GenericAcmeProvider()
                : TrustingAcmeProvider.of(dataDir.resolve(settings.trust()));
    }

    /** The names to certify: all of them, but those the CA could not validate lately. */
    private List<String> names() throws IOException {
        Set<String> left = excluded.at(clock.instant());
        return CertificateNames.of(hostname, hostedDomains.get()).stream()
                .filter(name -> !left.contains(name)).toList();
    }

    private boolean fromConfiguredCa() throws IOException {
        Path issuedBy = issuedByFile(dataDir);
        return Files.exists(issuedBy) && Files.readString(issuedBy).strip().equals(settings.directory());
    }

    /** The time and reason of the last failed order; absent after a success. */
    static Path lastErrorFile(Path dataDir) {
        return dataDir.resolve("acme").resolve("last-error");
    }

    /** The directory URL of the CA that issued the certificate in [tls]; absent before the first ACME order. */
    static Path issuedByFile(Path dataDir) {
        return dataDir.resolve("acme").resolve("issued-by");
    }
}
