package dev.coffer.dns;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the records of every hosted domain point at: this server's host name, its listeners, its
 * TLS keys and certificate authority.
 *
 * @param hostname    the MX target and the name in the certificates
 * @param ports       the port of each listener that is on, by its configuration name
 *                    ({@code smtp}, {@code submissions}, {@code submission}, {@code imap}, {@code imaps},
 *                    {@code pop3}, {@code pop3s}, {@code https}); a listener that is off is missing
 * @param mtaStsTxt   the {@code _mta-sts} TXT value of the policy served (RFC 8461 §3.1)
 * @param tlsKeys     the SHA-256 digests of the served certificate's key and of the next key, if any
 * @param caaIssuer   the CA's CAA issuer domain; empty: no CAA records
 * @param acmeAccount the ACME account the CA must see for {@code accounturi} (RFC 8657 §3)
 */
public record PublishedHost(String hostname, Map<String, Integer> ports, String mtaStsTxt, List<TlsKey> tlsKeys,
                            String caaIssuer, Optional<URI> acmeAccount) {

    /** A key to pin with TLSA "3 1 1": its digest, and "current" or "next". */
    public record TlsKey(String sha256, String role) {}

    public PublishedHost {
        ports = Map.copyOf(ports);
        tlsKeys = List.copyOf(tlsKeys);
    }

    public Optional<Integer> port(String listener) {
        return Optional.ofNullable(ports.get(listener));
    }
}
