package dev.coffer.acme;

import java.io.IOException;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.shredzone.acme4j.Authorization;
import org.shredzone.acme4j.Login;
import org.shredzone.acme4j.Order;
import org.shredzone.acme4j.Status;
import org.shredzone.acme4j.challenge.Challenge;
import org.shredzone.acme4j.exception.AcmeException;

/**
 * One certificate order (RFC 8555 §7.4): new order for the names, each pending authorization
 * answered and validated, finalized with a request signed by the given key, chain downloaded.
 */
final class AcmeOrdering {

    /** How long the CA may take to validate one challenge, and to issue. */
    static final Duration VALIDATION_TIMEOUT = Duration.ofMinutes(2);
    static final Duration ISSUANCE_TIMEOUT = Duration.ofMinutes(2);

    private final ChallengeResponder responder;

    AcmeOrdering(ChallengeResponder responder) {
        this.responder = responder;
    }

    /** The issued chain, leaf first, for a certificate on {@code key} naming {@code names}. */
    List<X509Certificate> order(Login login, List<String> names, KeyPair key) throws IOException {
        try {
            Order order = login.newOrder().domains(names).create();
            // Every authorization is tried, so that one order names all the names that fail.
            Set<String> failed = new HashSet<>();
            List<String> reasons = new ArrayList<>();
            for (Authorization authorization : order.getAuthorizations()) {
                if (authorization.getStatus() != Status.VALID) {
                    authorize(authorization).ifPresent(reason -> {
                        failed.add(authorization.getIdentifier().getDomain());
                        reasons.add(reason);
                    });
                }
            }
            if (!failed.isEmpty()) {
                throw new NamesNotValidated(failed, reasons);
            }
            order.waitUntilReady(VALIDATION_TIMEOUT);
            order.execute(CertificateRequest.der(names, key));
            Status status = order.waitForCompletion(ISSUANCE_TIMEOUT);
            if (status != Status.VALID) {
                throw new IOException("the CA did not issue the certificate: order " + status.name().toLowerCase()
                        + order.getError().map(problem -> " (" + problem + ")").orElse(""));
            }
            return order.getCertificate().getCertificateChain();
        } catch (AcmeException e) {
            throw new IOException("ACME order failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("ACME order interrupted", e);
        }
    }

    /** Empty when the CA validated the name, else why not. */
    private Optional<String> authorize(Authorization authorization)
            throws IOException, AcmeException, InterruptedException {
        Challenge challenge = responder.prepare(authorization);
        try {
            challenge.trigger();
            Status status = challenge.waitForCompletion(VALIDATION_TIMEOUT);
            if (status == Status.VALID) {
                return Optional.empty();
            }
            return Optional.of(authorization.getIdentifier().getDomain() + " with " + challenge.getType()
                    + challenge.getError().map(problem -> ": " + problem.getDetail().orElse(problem.toString()))
                            .orElse(""));
        } finally {
            responder.withdraw(authorization, challenge);
        }
    }
}
