package dev.coffer.crypto;

import java.io.IOException;
import java.io.Reader;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;

/**
 * The server side of TLS for every listener: one certificate chain, one policy.
 * RFC 8996: TLS 1.2 and 1.3 only; forward-secret AEAD suites only, server preference.
 *
 * <p>The certificate can be replaced while the listeners run ({@link #replace}): every
 * handshake after that serves the new one, on every listener, since they all share this
 * context. The https listener also answers ACME TLS-ALPN-01 challenges (RFC 8737) through
 * {@link #selectApplicationProtocol}.
 */
public final class ServerTls {

    private static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};

    private static final String[] CIPHER_SUITES = {
        "TLS_AES_256_GCM_SHA384",
        "TLS_CHACHA20_POLY1305_SHA256",
        "TLS_AES_128_GCM_SHA256",
        "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
        "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
        "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
        "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
        "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256",
        "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
    };

    private static final String[] NAMED_GROUPS = {"x25519", "secp256r1", "secp384r1"};

    private final SSLContext context;
    private final ReloadableKeyManager keys;
    private final TlsAlpnChallenges challenges;

    private ServerTls(SSLContext context, ReloadableKeyManager keys, TlsAlpnChallenges challenges) {
        this.context = context;
        this.keys = keys;
        this.challenges = challenges;
    }

    /**
     * Must run before anything touches JSSE: these switches are read once, when it loads.
     */
    public static void hardenJsse() {
        System.setProperty("jdk.tls.rejectClientInitiatedRenegotiation", "true");
        System.setProperty("jdk.tls.server.enableStatusRequestExtension", "true");
    }

    /** Loads a PEM certificate chain (leaf first) and its PEM private key. */
    public static ServerTls load(Path certificateChain, Path privateKey) throws IOException {
        return of(read(certificateChain, privateKey));
    }

    public static ServerTls of(CertifiedKey certified) {
        try {
            TlsAlpnChallenges challenges = new TlsAlpnChallenges();
            ReloadableKeyManager keys = new ReloadableKeyManager(certified, challenges);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(new KeyManager[] {keys}, null, null);
            return new ServerTls(context, keys, challenges);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK has no TLS implementation", e);
        }
    }

    /** Reads a PEM certificate chain (leaf first) and its PEM private key, and checks that they belong together. */
    public static CertifiedKey read(Path certificateChain, Path privateKey) throws IOException {
        try {
            List<X509Certificate> chain = readCertificates(certificateChain);
            if (chain.isEmpty()) {
                throw new IOException("no certificate found in " + certificateChain);
            }
            PrivateKey key = readPrivateKey(privateKey);
            if (!PrivateKeys.matches(key, chain.getFirst().getPublicKey())) {
                throw new IOException("the key " + privateKey + " does not belong to the certificate in "
                        + certificateChain);
            }
            return new CertifiedKey(key, chain);
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot use the TLS certificate " + certificateChain + ": " + e.getMessage(), e);
        }
    }

    /** From the next handshake on, every listener serves this certificate. */
    public void replace(CertifiedKey certified) {
        keys.replace(certified);
    }

    /** The certificate and key served now. */
    public CertifiedKey current() {
        return keys.current();
    }

    /** The TLS-ALPN-01 challenge certificates answered now; the ACME client fills it. */
    public TlsAlpnChallenges challenges() {
        return challenges;
    }

    /**
     * The ALPN choice of the https listener (RFC 7301 §3.2): {@code acme-tls/1} when the client
     * offers it (RFC 8737 §3), else none, since the listener speaks only HTTP/1.1 and needs no ALPN.
     */
    public String selectApplicationProtocol(SSLEngine engine, List<String> offered) {
        return offered.contains(TlsAlpnChallenges.PROTOCOL) ? TlsAlpnChallenges.PROTOCOL : "";
    }

    /**
     * Turns an accepted plain socket into a server-side TLS socket and completes the
     * handshake: used both for implicit TLS (RFC 8314) and after STARTTLS (RFC 3207).
     */
    public SSLSocket accept(Socket plain) throws IOException {
        SSLSocket tls = (SSLSocket) context.getSocketFactory()
                .createSocket(plain, plain.getInetAddress().getHostAddress(), plain.getPort(), true);
        tls.setUseClientMode(false);
        tls.setSSLParameters(parameters());
        tls.startHandshake();
        return tls;
    }

    public SSLContext context() {
        return context;
    }

    /** The policy every listener applies. */
    public SSLParameters parameters() {
        SSLParameters parameters = context.getDefaultSSLParameters();
        parameters.setProtocols(PROTOCOLS);
        parameters.setCipherSuites(supported(CIPHER_SUITES, context.getSupportedSSLParameters().getCipherSuites()));
        parameters.setNamedGroups(NAMED_GROUPS);
        parameters.setUseCipherSuitesOrder(true);
        return parameters;
    }

    private static String[] supported(String[] wanted, String[] available) {
        List<String> availableList = List.of(available);
        return List.of(wanted).stream().filter(availableList::contains).toArray(String[]::new);
    }

    public static List<X509Certificate> readCertificates(Path pem) throws IOException, GeneralSecurityException {
        CertificateFactory factory = CertificateFactory.getInstance("X.509");
        try (var in = Files.newInputStream(pem)) {
            List<X509Certificate> chain = new ArrayList<>();
            for (Certificate certificate : factory.generateCertificates(in)) {
                chain.add((X509Certificate) certificate);
            }
            return chain;
        }
    }

    public static PrivateKey readPrivateKey(Path pem) throws IOException {
        try (Reader reader = Files.newBufferedReader(pem); PEMParser parser = new PEMParser(reader)) {
            Object object = parser.readObject();
            JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
            return switch (object) {
                case PEMKeyPair pair -> converter.getKeyPair(pair).getPrivate();
                case PrivateKeyInfo info -> converter.getPrivateKey(info);
                case null -> throw new IOException("no private key found in " + pem);
                default -> throw new IOException("unsupported private key format in " + pem);
            };
        }
    }
}
