package dev.coffer.acme;

import dev.coffer.crypto.AcmeChallengeCertificate;
import dev.coffer.crypto.TlsAlpnChallenges;
import java.io.IOException;
import java.util.List;
import org.shredzone.acme4j.Authorization;
import org.shredzone.acme4j.challenge.Challenge;
import org.shredzone.acme4j.challenge.Http01Challenge;
import org.shredzone.acme4j.challenge.TlsAlpn01Challenge;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers one authorization's challenge with what Coffer's own listeners serve: HTTP-01 through
 * the http listener (RFC 8555 §8.3), TLS-ALPN-01 through the https listener (RFC 8737 §3). The
 * first type in the configured order that the CA offers is used.
 */
final class ChallengeResponder {

    private static final Logger log = LoggerFactory.getLogger(ChallengeResponder.class);

    private final List<String> preference;
    private final Http01Answers http01;
    private final TlsAlpnChallenges tlsAlpn01;

    ChallengeResponder(List<String> preference, Http01Answers http01, TlsAlpnChallenges tlsAlpn01) {
        this.preference = List.copyOf(preference);
        this.http01 = http01;
        this.tlsAlpn01 = tlsAlpn01;
    }

    /** Publishes the answer to a challenge of the authorization and returns it, ready to trigger. */
    Challenge prepare(Authorization authorization) throws IOException {
        String name = authorization.getIdentifier().getDomain();
        for (String type : preference) {
            switch (type) {
                case Http01Challenge.TYPE -> {
                    var found = authorization.findChallenge(Http01Challenge.class);
                    if (found.isPresent()) {
                        http01.publish().accept(found.get().getToken(), found.get().getAuthorization());
                        log.info("event=acme-challenge name={} type={}", name, type);
                        return found.get();
                    }
                }
                case TlsAlpn01Challenge.TYPE -> {
                    var found = authorization.findChallenge(TlsAlpn01Challenge.class);
                    if (found.isPresent()) {
                        tlsAlpn01.put(name, AcmeChallengeCertificate.create(name, found.get().getAcmeValidation()));
                        log.info("event=acme-challenge name={} type={}", name, type);
                        return found.get();
                    }
                }
                default -> throw new IllegalArgumentException("unknown challenge type " + type);
            }
        }
        throw new IOException("the CA offers none of the challenge types " + preference + " for " + name
                + " (acme.challenges)");
    }

    /** Stops serving the answer once the CA has decided. */
    void withdraw(Authorization authorization, Challenge challenge) {
        switch (challenge) {
            case Http01Challenge http -> http01.withdraw().accept(http.getToken());
            case TlsAlpn01Challenge ignored -> tlsAlpn01.remove(authorization.getIdentifier().getDomain());
            default -> { }
        }
    }
}
