package dev.coffer.crypto;

import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * The server key manager of every listener: it serves the current certificate, which can be
 * replaced while the listeners run, and the TLS-ALPN-01 challenge certificate of the requested
 * name when the handshake negotiated {@code acme-tls/1} (RFC 8737 §3).
 *
 * <p>Each certificate gets its own alias, and the previous one stays resolvable, so that a
 * handshake that chose an alias just before a swap still gets a key and chain that match.
 */
final class ReloadableKeyManager extends X509ExtendedKeyManager {

    private static final String CHALLENGE_PREFIX = "acme-tls-1:";

    private final TlsAlpnChallenges challenges;
    private final AtomicLong generation = new AtomicLong();
    private final Map<String, CertifiedKey> served = new ConcurrentHashMap<>();
    private volatile String currentAlias;

    ReloadableKeyManager(CertifiedKey initial, TlsAlpnChallenges challenges) {
        this.challenges = challenges;
        replace(initial);
    }

    synchronized void replace(CertifiedKey next) {
        String previous = currentAlias;
        String alias = "server-" + generation.incrementAndGet();
        served.put(alias, next);
        currentAlias = alias;
        served.keySet().removeIf(name -> !name.equals(alias) && !name.equals(previous));
    }

    CertifiedKey current() {
        return served.get(currentAlias);
    }

    @Override
    public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
        return choose(keyType, engine == null ? null : engine.getHandshakeApplicationProtocol(),
                engine == null ? null : engine.getHandshakeSession());
    }

    @Override
    public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
        SSLSocket tls = socket instanceof SSLSocket s ? s : null;
        return choose(keyType, tls == null ? null : tls.getHandshakeApplicationProtocol(),
                tls == null ? null : tls.getHandshakeSession());
    }

    private String choose(String keyType, String applicationProtocol, SSLSession handshake) {
        if (TlsAlpnChallenges.PROTOCOL.equals(applicationProtocol)) {
            // RFC 8737 §3: the challenge certificate for the name in SNI, or no certificate at all.
            return requestedName(handshake)
                    .filter(name -> challenges.find(name).filter(c -> fits(c, keyType)).isPresent())
                    .map(name -> CHALLENGE_PREFIX + name)
                    .orElse(null);
        }
        String alias = currentAlias;
        return fits(served.get(alias), keyType) ? alias : null;
    }

    private static boolean fits(CertifiedKey certified, String keyType) {
        return certified != null && certified.key().getAlgorithm().equals(keyType);
    }

    private static Optional<String> requestedName(SSLSession handshake) {
        if (!(handshake instanceof ExtendedSSLSession extended)) {
            return Optional.empty();
        }
        for (SNIServerName name : extended.getRequestedServerNames()) {
            if (name instanceof SNIHostName host) {
                return Optional.of(host.getAsciiName());
            }
        }
        return Optional.empty();
    }

    private Optional<CertifiedKey> resolve(String alias) {
        if (alias == null) {
            return Optional.empty();
        }
        if (alias.startsWith(CHALLENGE_PREFIX)) {
            return challenges.find(alias.substring(CHALLENGE_PREFIX.length()));
        }
        return Optional.ofNullable(served.get(alias));
    }

    @Override
    public X509Certificate[] getCertificateChain(String alias) {
        return resolve(alias).map(c -> c.chain().toArray(X509Certificate[]::new)).orElse(null);
    }

    @Override
    public PrivateKey getPrivateKey(String alias) {
        return resolve(alias).map(CertifiedKey::key).orElse(null);
    }

    @Override
    public String[] getServerAliases(String keyType, Principal[] issuers) {
        String alias = currentAlias;
        return fits(served.get(alias), keyType) ? new String[] {alias} : null;
    }

    @Override
    public String[] getClientAliases(String keyType, Principal[] issuers) {
        return null;
    }

    @Override
    public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
        return null;
    }
}
