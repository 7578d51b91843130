package dev.coffer.crypto;

import java.io.IOException;
import java.io.Reader;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
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

    private ServerTls(SSLContext context) {
        this.context = context;
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
        try {
            List<Certificate> chain = readCertificates(certificateChain);
            if (chain.isEmpty()) {
                throw new IOException("no certificate found in " + certificateChain);
            }
            PrivateKey key = readPrivateKey(privateKey);
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("server", key, new char[0], chain.toArray(Certificate[]::new));
            KeyManagerFactory keyManagers = KeyManagerFactory.getInstance("PKIX");
            keyManagers.init(store, new char[0]);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keyManagers.getKeyManagers(), null, null);
            return new ServerTls(context);
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot use the TLS certificate " + certificateChain + ": " + e.getMessage(), e);
        }
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

    static List<Certificate> readCertificates(Path pem) throws IOException, GeneralSecurityException {
        CertificateFactory factory = CertificateFactory.getInstance("X.509");
        try (var in = Files.newInputStream(pem)) {
            return new ArrayList<>(factory.generateCertificates(in));
        }
    }

    static PrivateKey readPrivateKey(Path pem) throws IOException {
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
