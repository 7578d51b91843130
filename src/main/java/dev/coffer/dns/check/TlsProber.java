package dev.coffer.dns.check;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Security;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * Probes one TLS listener with JSSE client handshakes, each restricted to one protocol or one
 * cipher suite, the way testssl.sh does. The chain is captured, not judged; {@link ListenerCheck}
 * validates it. SMTP listeners are reached through STARTTLS (RFC 3207).
 */
public final class TlsProber {

    public static final List<String> PROTOCOLS = List.of("TLSv1", "TLSv1.1", "TLSv1.2", "TLSv1.3");
    /** RFC 5321 §4.5.3.1.5: a reply line is at most 512 octets; a bit of slack for long EHLO keywords. */
    private static final int MAX_LINE = 1000;
    private static final int MAX_REPLY_LINES = 100;

    /** However slow a listener answers, its probes stop after this many connection timeouts in all. */
    static final int BUDGET_IN_TIMEOUTS = 12;

    private final Duration timeout;
    private final SSLContext context;

    public TlsProber(Duration timeout) {
        this.timeout = timeout;
        try {
            context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {new CapturingTrustManager()}, null);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK has no TLS client: " + e.getMessage(), e);
        }
    }

    /**
     * Lets this JVM offer TLS 1.0/1.1 and the legacy suites it still implements, so that a server
     * accepting them can be caught. Must run before any TLS use in the process; a check-domain run
     * only (every check validates what it gets itself).
     */
    public static void allowLegacyProbes() {
        Security.setProperty("jdk.tls.disabledAlgorithms", "");
    }

    /** @param starttls reach TLS through SMTP STARTTLS (port 25) rather than directly */
    public ListenerProbe probe(String service, String host, InetAddress address, int port, boolean starttls) {
        InetSocketAddress target = new InetSocketAddress(address, port);
        List<X509Certificate> chain;
        try {
            chain = handshake(target, host, starttls, null, null);
        } catch (ConnectException | NoRouteToHostException e) {
            return ListenerProbe.failed(service, host, port, e.getMessage(), true);
        } catch (SocketTimeoutException e) {
            return ListenerProbe.failed(service, host, port, "timed out after " + timeout.toSeconds() + "s", true);
        } catch (IOException e) {
            return ListenerProbe.failed(service, host, port, e.getMessage(), false);
        }
        long deadline = System.nanoTime() + timeout.toNanos() * BUDGET_IN_TIMEOUTS;
        Map<String, Boolean> protocols = new LinkedHashMap<>();
        List<String> supportedProtocols = Arrays.asList(context.getSupportedSSLParameters().getProtocols());
        for (String protocol : PROTOCOLS) {
            if (supportedProtocols.contains(protocol)) {
                Boolean accepted = accepts(target, host, starttls, protocol, null);
                if (accepted != null) {
                    protocols.put(protocol, accepted);
                }
            }
        }
        List<String> weak = new ArrayList<>();
        int probed = 0;
        int skipped = 0;
        for (String suite : weakSuites()) {
            if (System.nanoTime() - deadline > 0) {
                skipped++;
                continue;
            }
            Boolean accepted = accepts(target, host, starttls, "TLSv1.2", suite);
            if (accepted != null) {
                probed++;
                if (accepted) {
                    weak.add(suite);
                }
            }
        }
        return new ListenerProbe(service, host, port, chain, null, false, protocols, weak, probed, skipped);
    }

    /** TLS 1.2 suites this JVM implements that lack AEAD or forward secrecy (RFC 9325 §4.2). */
    List<String> weakSuites() {
        List<String> weak = new ArrayList<>();
        for (String suite : context.getSupportedSSLParameters().getCipherSuites()) {
            boolean tls13 = suite.startsWith("TLS_AES_") || suite.startsWith("TLS_CHACHA20_");
            if (tls13 || suite.endsWith("_SCSV")) {
                continue;
            }
            boolean aead = suite.contains("_GCM_") || suite.contains("_CCM") || suite.contains("CHACHA20_POLY1305");
            boolean forwardSecret = suite.startsWith("TLS_ECDHE_") || suite.startsWith("TLS_DHE_");
            if (!aead || !forwardSecret) {
                weak.add(suite);
            }
        }
        return weak;
    }

    /** True/false when the server did/did not complete the handshake; null when this client could not offer it. */
    private Boolean accepts(InetSocketAddress target, String host, boolean starttls, String protocol, String suite) {
        try {
            handshake(target, host, starttls, protocol, suite);
            return true;
        } catch (SSLException e) {
            String message = String.valueOf(e.getMessage());
            // JSSE says this before sending anything when the protocol or suite is disabled locally
            return message.contains("No appropriate protocol") ? null : false;
        } catch (IOException e) {
            return false;
        }
    }

    private List<X509Certificate> handshake(InetSocketAddress target, String host, boolean starttls,
                                            String protocol, String suite) throws IOException {
        int millis = Math.toIntExact(timeout.toMillis());
        try (Socket plain = new Socket()) {
            plain.connect(target, millis);
            plain.setSoTimeout(millis);
            if (starttls) {
                startTls(plain);
            }
            try (SSLSocket tls = (SSLSocket) context.getSocketFactory().createSocket(plain, host, target.getPort(), false)) {
                SSLParameters parameters = tls.getSSLParameters();
                parameters.setServerNames(List.of(new SNIHostName(host)));
                if (protocol != null) {
                    parameters.setProtocols(new String[] {protocol});
                    if (suite != null) {
                        parameters.setCipherSuites(new String[] {suite});
                    } else if (!protocol.equals("TLSv1.3")) {
                        parameters.setCipherSuites(context.getSupportedSSLParameters().getCipherSuites());
                    }
                }
                tls.setSSLParameters(parameters);
                tls.startHandshake();
                List<X509Certificate> chain = new ArrayList<>();
                for (Certificate certificate : tls.getSession().getPeerCertificates()) {
                    chain.add((X509Certificate) certificate);
                }
                return chain;
            }
        }
    }

    /** RFC 3207 §4: EHLO, then STARTTLS answered by 220. */
    private static void startTls(Socket socket) throws IOException {
        InputStream in = socket.getInputStream();
        OutputStream out = socket.getOutputStream();
        expect(in, "220", "greeting");
        out.write("EHLO check-domain.invalid\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
        String ehlo = expect(in, "250", "EHLO");
        if (!ehlo.toUpperCase(java.util.Locale.ROOT).contains("STARTTLS")) {
            throw new SSLException("the server does not offer STARTTLS");
        }
        out.write("STARTTLS\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
        expect(in, "220", "STARTTLS");
    }

    /** Reads one (multi-line) reply; fails unless it has {@code code}. */
    private static String expect(InputStream in, String code, String step) throws IOException {
        StringBuilder reply = new StringBuilder();
        for (int lines = 0; lines < MAX_REPLY_LINES; lines++) {
            String line = readLine(in);
            reply.append(line).append('\n');
            if (line.length() < 4 || line.charAt(3) != '-') {
                if (!line.startsWith(code)) {
                    throw new SSLException("the server answered " + step + " with \"" + line + "\"");
                }
                return reply.toString();
            }
        }
        throw new SSLException("the server's " + step + " reply has more than " + MAX_REPLY_LINES + " lines");
    }

    private static String readLine(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        while (line.length() <= MAX_LINE) {
            int b = in.read();
            if (b < 0) {
                throw new SSLException("the server closed the connection");
            }
            if (b == '\n') {
                int end = line.length();
                return end > 0 && line.charAt(end - 1) == '\r' ? line.substring(0, end - 1) : line.toString();
            }
            line.append((char) b);
        }
        throw new SSLException("the server sent a line longer than " + MAX_LINE + " octets");
    }

    /** Accepts any chain: the probe records it, and {@link ListenerCheck} judges it. */
    private static final class CapturingTrustManager implements X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
            throw new UnsupportedOperationException("a probe is only a client");
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
            // recorded by the handshake, validated afterwards
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
