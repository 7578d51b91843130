package dev.coffer.dns.check;

import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;

/**
 * What TLS handshakes with one listener showed.
 *
 * @param service      smtp, submissions, imaps or https
 * @param host         the name the certificate must carry (and the SNI sent)
 * @param port         the port probed
 * @param chain        the chain presented (leaf first); empty when no handshake succeeded
 * @param error        why no connection or handshake succeeded, or null
 * @param unreachable  nothing answered at all (refused, timeout), as opposed to a failed handshake
 * @param protocols    by protocol name (TLSv1 … TLSv1.3): whether the server completed a handshake
 *                     restricted to it; absent when the client could not offer it
 * @param weakSuites   the non-AEAD or non-forward-secret TLS 1.2 suites the server accepted
 * @param suitesProbed how many such suites were offered, one handshake each
 * @param suitesSkipped how many were not offered because the listener's time budget ran out
 */
public record ListenerProbe(String service, String host, int port, List<X509Certificate> chain, String error,
                            boolean unreachable, Map<String, Boolean> protocols, List<String> weakSuites, int suitesProbed,
                            int suitesSkipped) {

    public static ListenerProbe failed(String service, String host, int port, String error, boolean unreachable) {
        return new ListenerProbe(service, host, port, List.of(), error, unreachable, Map.of(), List.of(), 0, 0);
    }
}
