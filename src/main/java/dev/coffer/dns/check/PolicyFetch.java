package dev.coffer.dns.check;

import dev.coffer.dns.MtaStsException;
import dev.coffer.dns.MtaStsParser;
import dev.coffer.dns.MtaStsPolicies;
import dev.coffer.dns.MtaStsPolicy;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * Fetches {@code https://mta-sts.DOMAIN/.well-known/mta-sts.txt} (RFC 8461 §3.3) from the address
 * the validating resolver gave, with SNI and Host naming the policy host, the chain validated and
 * the name checked (RFC 6125), no redirects followed, text/plain, at most
 * {@link MtaStsPolicies#MAX_POLICY_BYTES}; the body is parsed by {@link MtaStsParser}.
 */
public final class PolicyFetch {

    private static final String PATH = "/.well-known/mta-sts.txt";
    private static final int MAX_HEADER_BYTES = 16 * 1024;

    private final SSLContext context;
    private final Duration timeout;

    public PolicyFetch(X509TrustManager trust, Duration timeout) {
        this.timeout = timeout;
        try {
            context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {trust}, null);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK has no TLS client: " + e.getMessage(), e);
        }
    }

    public MtaStsPolicy fetch(String domain, String id, InetAddress address, int port) throws MtaStsException {
        String host = "mta-sts." + domain;
        int millis = Math.toIntExact(timeout.toMillis());
        try (Socket plain = new Socket()) {
            plain.connect(new InetSocketAddress(address, port), millis);
            plain.setSoTimeout(millis);
            try (SSLSocket tls = (SSLSocket) context.getSocketFactory().createSocket(plain, host, port, false)) {
                SSLParameters parameters = tls.getSSLParameters();
                parameters.setServerNames(List.of(new SNIHostName(host)));
                parameters.setProtocols(new String[] {"TLSv1.3", "TLSv1.2"});
                tls.setSSLParameters(parameters);
                tls.startHandshake();
                X509Certificate leaf = (X509Certificate) tls.getSession().getPeerCertificates()[0];
                if (!HostNames.certificateNames(leaf, host)) {
                    throw new MtaStsException("the policy server's certificate names " + HostNames.dnsNames(leaf) + ", not " + host);
                }
                OutputStream out = tls.getOutputStream();
                String authority = port == 443 ? host : host + ":" + port;
                out.write(("GET " + PATH + " HTTP/1.1\r\nHost: " + authority + "\r\nAccept: text/plain\r\n"
                        + "User-Agent: coffer-check-domain\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                out.flush();
                return MtaStsParser.parsePolicy(id, response(tls.getInputStream(), domain));
            }
        } catch (javax.net.ssl.SSLHandshakeException e) {
            String reason = e.getCause() instanceof CertificateException c ? c.getMessage() : e.getMessage();
            throw new MtaStsException("no TLS with the policy server " + host + ": " + reason, e);
        } catch (IOException e) {
            throw new MtaStsException("could not fetch https://" + host + PATH + ": " + e.getMessage(), e);
        }
    }

    /** RFC 9112 §6: the status line and fields, then a body by Content-Length, chunked, or until close. */
    private static String response(InputStream in, String domain) throws IOException, MtaStsException {
        String head = head(in);
        String[] lines = head.split("\r\n");
        String[] status = lines[0].split(" ", 3);
        if (status.length < 2 || !status[0].startsWith("HTTP/1.")) {
            throw new MtaStsException("the policy server of " + domain + " did not answer HTTP/1.x");
        }
        // RFC 8461 §3.3: redirects MUST NOT be followed; only 200 counts
        if (!status[1].equals("200")) {
            throw new MtaStsException("the policy server of " + domain + " answered HTTP " + status[1]);
        }
        String contentType = "";
        long length = -1;
        boolean chunked = false;
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon <= 0) {
                continue;
            }
            String name = lines[i].substring(0, colon).strip().toLowerCase(Locale.ROOT);
            String value = lines[i].substring(colon + 1).strip();
            switch (name) {
                case "content-type" -> contentType = value.toLowerCase(Locale.ROOT);
                case "content-length" -> length = parseLength(value);
                case "transfer-encoding" -> chunked = value.toLowerCase(Locale.ROOT).contains("chunked");
                default -> { }
            }
        }
        // RFC 8461 §3.2: the policy is text/plain
        if (!contentType.startsWith("text/plain")) {
            throw new MtaStsException("the MTA-STS policy of " + domain + " is not text/plain (" + contentType + ")");
        }
        byte[] body = chunked ? chunked(in) : length >= 0 ? limited(in, length) : limited(in, -1);
        return new String(body, StandardCharsets.US_ASCII);
    }

    private static String head(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("the connection closed inside the response header");
            }
            head.write(b);
            matched = (b == (matched % 2 == 0 ? '\r' : '\n')) ? matched + 1 : (b == '\r' ? 1 : 0);
            if (head.size() > MAX_HEADER_BYTES) {
                throw new IOException("the response header is longer than " + MAX_HEADER_BYTES + " bytes");
            }
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }

    private static long parseLength(String value) throws IOException {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new IOException("the Content-Length is not a number");
        }
    }

    /** At most {@code length} bytes (-1: until close), and never more than the policy limit. */
    private static byte[] limited(InputStream in, long length) throws IOException {
        int max = MtaStsPolicies.MAX_POLICY_BYTES;
        if (length > max) {
            throw new IOException("the policy is larger than " + max + " bytes");
        }
        byte[] body = in.readNBytes(length < 0 ? max + 1 : (int) length);
        if (body.length > max) {
            throw new IOException("the policy is larger than " + max + " bytes");
        }
        return body;
    }

    /** RFC 9112 §7.1: chunk-size [ext] CRLF data CRLF … 0 CRLF. */
    private static byte[] chunked(InputStream in) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (true) {
            String sizeLine = line(in);
            int semicolon = sizeLine.indexOf(';');
            String hex = (semicolon >= 0 ? sizeLine.substring(0, semicolon) : sizeLine).strip();
            int size;
            try {
                size = Integer.parseInt(hex, 16);
            } catch (NumberFormatException e) {
                throw new IOException("a malformed chunk size");
            }
            if (size == 0) {
                return body.toByteArray();
            }
            if (size < 0 || body.size() + size > MtaStsPolicies.MAX_POLICY_BYTES) {
                throw new IOException("the policy is larger than " + MtaStsPolicies.MAX_POLICY_BYTES + " bytes");
            }
            body.write(in.readNBytes(size));
            line(in);
        }
    }

    private static String line(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0 || line.length() > 1024) {
                throw new IOException("a malformed chunked body");
            }
            if (b != '\r') {
                line.append((char) b);
            }
        }
        return line.toString();
    }
}
