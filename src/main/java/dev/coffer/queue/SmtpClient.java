package dev.coffer.queue;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.X509ExtendedTrustManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SMTP client of outbound delivery (RFC 5321): one blocking connection to one MX host,
 * EHLO (HELO as fallback), STARTTLS (RFC 3207) as the {@link TlsRequirement} demands, MAIL
 * FROM with SIZE (RFC 1870), BODY=8BITMIME (RFC 6152), SMTPUTF8 (RFC 6531) and REQUIRETLS
 * (RFC 8689) when offered, one RCPT per recipient, then BDAT (RFC 3030) or DATA with
 * dot-stuffing, and QUIT. Never throws for what the peer does: every outcome is a result.
 */
public final class SmtpClient {

    private static final Logger log = LoggerFactory.getLogger(SmtpClient.class);

    /** RFC 5321 §4.5.3.1.5: a reply line is at most 512 octets; we allow some slack for real servers. */
    private static final int MAX_REPLY_LINE = 2048;
    private static final int MAX_REPLY_LINES = 100;
    private static final Pattern ENHANCED = Pattern.compile("^([245]\\.[0-9]{1,3}\\.[0-9]{1,3})(?: |$)");

    /** The envelope of one delivery. {@code reversePath} is empty for the null sender. */
    public record Envelope(String reversePath, List<String> recipients, boolean requireTls) {
        public Envelope {
            recipients = List.copyOf(recipients);
        }
    }

    private final String heloName;
    private final SmtpTimeouts timeouts;
    private final CertificateVerifier verifier;
    private final InstantSource clock;
    private final boolean useChunking;
    private final SSLContext tlsContext;

    /**
     * @param heloName    the name we give in EHLO (our host name)
     * @param verifier    checks the peer's certificate chain where the requirement asks for it
     * @param useChunking use BDAT when the peer offers CHUNKING (else always DATA)
     */
    public SmtpClient(String heloName, SmtpTimeouts timeouts, CertificateVerifier verifier, InstantSource clock,
                      boolean useChunking) {
        this.heloName = heloName;
        this.timeouts = timeouts;
        this.verifier = verifier;
        this.clock = clock;
        this.useChunking = useChunking;
        try {
            // The handshake accepts any chain; CertificateVerifier then decides, so that every
            // failure has its RFC 8460 name and unauthenticated STARTTLS remains possible.
            this.tlsContext = SSLContext.getInstance("TLS");
            tlsContext.init(null, new javax.net.ssl.TrustManager[] {new AcceptAnyChain()}, null);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("TLS is not available: " + e.getMessage(), e);
        }
    }

    public SmtpClient(String heloName, SmtpTimeouts timeouts, CertificateVerifier verifier) {
        this(heloName, timeouts, verifier, InstantSource.system(), true);
    }

    /** Delivers {@code message} (CRLF line ends) to the recipients of {@code envelope} through one MX host. */
    public SmtpAttempt deliver(InetSocketAddress address, String mxHost, TlsRequirement tls, Envelope envelope,
                               byte[] message) {
        Conversation conversation = new Conversation(mxHost, tls, envelope);
        try (Socket socket = new Socket()) {
            try {
                socket.connect(address, millis(timeouts.connect()));
            } catch (IOException e) {
                return conversation.hostFailure("4.4.1", "cannot connect to " + mxHost + ": " + e.getMessage(), null);
            }
            return conversation.run(socket, message);
        } catch (IOException e) {
            return conversation.lost(e);
        }
    }

    private static int millis(Duration duration) {
        return Math.toIntExact(Math.min(Integer.MAX_VALUE, Math.max(1, duration.toMillis())));
    }

    /** One server reply (RFC 5321 §4.2). */
    record Reply(int code, List<String> lines) {

        boolean positive() {
            return code >= 200 && code < 400;
        }

        boolean transientFailure() {
            return code >= 400 && code < 500;
        }

        /** The RFC 3463 code the reply carries, or one derived from its class. */
        String status() {
            Matcher matcher = ENHANCED.matcher(lines.getFirst());
            if (matcher.find() && matcher.group(1).charAt(0) - '0' == code / 100) {
                return matcher.group(1);
            }
            return (code / 100) + ".0.0";
        }

        /** RFC 3464 §2.3.6: the Diagnostic-Code, as {@code smtp; code text}. */
        String diagnostic() {
            return "smtp; " + code + " " + String.join(" ", lines);
        }
    }

    private final class Conversation {
        private final String mxHost;
        private final TlsRequirement tls;
        private final Envelope envelope;
        private InputStream in;
        private OutputStream out;
        private TlsSessionResult tlsResult;
        private boolean dataSent;
        private String lastTlsDetail = "";
        private final List<RecipientResult> results = new ArrayList<>();

        Conversation(String mxHost, TlsRequirement tls, Envelope envelope) {
            this.mxHost = mxHost;
            this.tls = tls;
            this.envelope = envelope;
        }

        SmtpAttempt run(Socket plain, byte[] message) throws IOException {
            plain.setSoTimeout(millis(timeouts.greeting()));
            useStreams(plain);
            Reply greeting = read();
            if (greeting.code() != 220) {
                // RFC 5321 §3.1: a 554 (or 4xx) greeting refuses the session; another MX may take it
                quietQuit();
                return hostFailure(greeting.status().startsWith("5") ? "4.4.0" : greeting.status(),
                        greeting.diagnostic(), null);
            }
            plain.setSoTimeout(millis(timeouts.command()));
            Set<String> extensions = hello();

            Socket socket = plain;
            if (extensions.contains("STARTTLS")) {
                socket = startTls(plain);
                if (socket == null) {
                    return hostFailure(tlsFailureStatus(), lastTlsDetail, tlsResult);
                }
                if (socket != plain) {
                    // RFC 3207 §4.2: forget what was learnt in clear and greet again
                    extensions = hello();
                }
            } else if (tls.tlsMandatory() || envelope.requireTls()) {
                tlsResult = new TlsSessionResult(tls, mxHost, TlsReports.STARTTLS_NOT_SUPPORTED, null);
                quietQuit();
                return hostFailure(tlsFailureStatus(), mxHost + " does not offer STARTTLS", tlsResult);
            } else {
                // RFC 7435: opportunistic, in clear when the peer cannot do better
                tlsResult = new TlsSessionResult(tls, mxHost, TlsReports.STARTTLS_NOT_SUPPORTED, null);
            }

            if (envelope.requireTls()) {
                // RFC 8689 §4.2.1: authenticated TLS, and the next hop must take on REQUIRETLS itself
                if (!tls.authenticated() || tlsResult == null || !tlsResult.succeeded()) {
                    quietQuit();
                    return permanentFailure("5.7.10", "REQUIRETLS: no authenticated TLS with " + mxHost);
                }
                if (!extensions.contains("REQUIRETLS")) {
                    quietQuit();
                    return permanentFailure("5.7.10", "REQUIRETLS: " + mxHost + " does not support REQUIRETLS");
                }
            }
            return transaction(socket, extensions, message);
        }

        private String tlsFailureStatus() {
            return envelope.requireTls() ? "5.7.10" : "4.7.5";
        }

        /**
         * RFC 3207: returns the TLS socket; the plain one when the peer refused STARTTLS and clear
         * text is allowed; or null (with {@link #tlsResult} set) when the session must end.
         */
        private Socket startTls(Socket plain) throws IOException {
            send("STARTTLS");
            Reply reply = read();
            if (reply.code() != 220) {
                tlsResult = new TlsSessionResult(tls, mxHost, TlsReports.STARTTLS_NOT_SUPPORTED, null);
                lastTlsDetail = "STARTTLS refused: " + reply.diagnostic();
                if (tls.tlsMandatory() || envelope.requireTls()) {
                    quietQuit();
                    return null;
                }
                return plain;
            }
            // RFC 3207 §4.2 / CVE-2011-0411 in reverse: nothing the server sent before TLS may be read after it
            if (in.available() > 0) {
                throw new IOException("the server sent data after its STARTTLS reply");
            }
            SSLSocket secure = (SSLSocket) tlsContext.getSocketFactory()
                    .createSocket(plain, mxHost, plain.getPort(), true);
            secure.setUseClientMode(true);
            SSLParameters parameters = secure.getSSLParameters();
            // RFC 8996: TLS 1.2 and 1.3 only
            parameters.setProtocols(new String[] {"TLSv1.3", "TLSv1.2"});
            try {
                // RFC 7672 §8.1, RFC 8461 §4.2: SNI names the MX host
                parameters.setServerNames(List.of(new SNIHostName(mxHost)));
            } catch (IllegalArgumentException notAHostName) {
                // An address literal: no SNI.
            }
            secure.setSSLParameters(parameters);
            secure.setSoTimeout(millis(timeouts.command()));
            try {
                secure.startHandshake();
            } catch (SSLException e) {
                tlsResult = new TlsSessionResult(tls, mxHost, TlsReports.VALIDATION_FAILURE, null);
                lastTlsDetail = "TLS handshake with " + mxHost + " failed: " + e.getMessage();
                return null;
            }
            List<X509Certificate> chain = new ArrayList<>();
            for (Certificate certificate : secure.getSession().getPeerCertificates()) {
                if (certificate instanceof X509Certificate x509) {
                    chain.add(x509);
                }
            }
            String protocol = secure.getSession().getProtocol();
            CertificateVerifier.Failure failure = verifier.check(tls, chain, mxHost, clock.instant());
            useStreams(secure);
            if (failure != null && (tls.tlsMandatory() || envelope.requireTls())) {
                tlsResult = new TlsSessionResult(tls, mxHost, failure.resultType(), protocol);
                lastTlsDetail = failure.detail();
                log.info("event=tls-rejected mx={} result={} detail=\"{}\"", mxHost, failure.resultType(), failure.detail());
                quietQuit();
                return null;
            }
            // RFC 8461 §5 testing: report the failure, deliver anyway
            tlsResult = new TlsSessionResult(tls, mxHost, failure == null ? null : failure.resultType(), protocol);
            return secure;
        }

        /** EHLO, or HELO when EHLO is refused (RFC 5321 §3.2); returns the extension keywords (upper case). */
        private Set<String> hello() throws IOException {
            send("EHLO " + heloName);
            Reply reply = read();
            if (reply.positive()) {
                Set<String> extensions = new HashSet<>();
                for (String line : reply.lines().subList(1, reply.lines().size())) {
                    extensions.add(line.toUpperCase(Locale.ROOT).strip());
                    String[] words = line.strip().split(" +");
                    extensions.add(words[0].toUpperCase(Locale.ROOT));
                }
                return extensions;
            }
            send("HELO " + heloName);
            Reply helo = read();
            if (!helo.positive()) {
                throw new ProtocolFailure(helo);
            }
            return Set.of();
        }

        private SmtpAttempt transaction(Socket socket, Set<String> extensions, byte[] message) throws IOException {
            List<String> parameters = new ArrayList<>();
            long maxSize = sizeLimit(extensions);
            if (maxSize > 0 && message.length > maxSize) {
                // RFC 1870 §6.2 in advance: the peer has said it will not take a message this big
                quietQuit();
                return permanentFailure("5.3.4", mxHost + " accepts messages up to " + maxSize + " octets");
            }
            if (maxSize >= 0) {
                parameters.add("SIZE=" + message.length);
            }
            if (extensions.contains("8BITMIME") && hasEightBit(message)) {
                parameters.add("BODY=8BITMIME");
            }
            if (needsSmtpUtf8()) {
                if (!extensions.contains("SMTPUTF8")) {
                    // RFC 6531 §3.2: a non-ASCII address cannot go to a server without SMTPUTF8
                    quietQuit();
                    return permanentFailure("5.6.7", mxHost + " does not support SMTPUTF8 for a non-ASCII address");
                }
                parameters.add("SMTPUTF8");
            }
            if (envelope.requireTls()) {
                parameters.add("REQUIRETLS");
            }
            send("MAIL FROM:<" + envelope.reversePath() + ">" + (parameters.isEmpty() ? "" : " " + String.join(" ", parameters)));
            Reply mail = read();
            if (!mail.positive()) {
                quietQuit();
                return everyone(mail, false);
            }
            List<String> accepted = new ArrayList<>();
            for (String recipient : envelope.recipients()) {
                send("RCPT TO:<" + recipient + ">");
                Reply rcpt = read();
                if (rcpt.positive()) {
                    accepted.add(recipient);
                } else {
                    results.add(result(recipient, rcpt));
                }
            }
            if (accepted.isEmpty()) {
                quietQuit();
                return new SmtpAttempt(results, tlsResult, false);
            }
            Reply done = useChunking && extensions.contains("CHUNKING")
                    ? bdat(socket, message)
                    : data(socket, message);
            for (String recipient : accepted) {
                results.add(result(recipient, done));
            }
            quietQuit();
            return new SmtpAttempt(results, tlsResult, false);
        }

        /** RFC 5321 §4.1.1.4 with §4.5.2 dot-stuffing. */
        private Reply data(Socket socket, byte[] message) throws IOException {
            socket.setSoTimeout(millis(timeouts.dataInitiation()));
            send("DATA");
            Reply go = read();
            if (go.code() != 354) {
                return go;
            }
            dataSent = true;
            socket.setSoTimeout(millis(timeouts.dataBlock()));
            writeDotStuffed(message);
            out.write(".\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            socket.setSoTimeout(millis(timeouts.dataTermination()));
            return read();
        }

        /** RFC 3030 §2: one chunk, the whole message, no dot-stuffing. */
        private Reply bdat(Socket socket, byte[] message) throws IOException {
            dataSent = true;
            socket.setSoTimeout(millis(timeouts.dataBlock()));
            out.write(("BDAT " + message.length + " LAST\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(message);
            out.flush();
            socket.setSoTimeout(millis(timeouts.dataTermination()));
            return read();
        }

        /** RFC 5321 §4.5.2: a line starting with "." gets another; the message ends with CRLF. Bare LFs become CRLF. */
        private void writeDotStuffed(byte[] message) throws IOException {
            boolean lineStart = true;
            byte previous = 0;
            for (byte b : message) {
                if (lineStart && b == '.') {
                    out.write('.');
                }
                if (b == '\n' && previous != '\r') {
                    out.write('\r');
                }
                out.write(b);
                lineStart = b == '\n';
                previous = b;
            }
            if (!lineStart) {
                out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
            }
        }

        private boolean needsSmtpUtf8() {
            if (!isAscii(envelope.reversePath())) {
                return true;
            }
            return envelope.recipients().stream().anyMatch(recipient -> !isAscii(recipient));
        }

        /** RFC 1870 §4: the peer's SIZE limit; -1 when SIZE is not offered, 0 when offered without a limit. */
        private long sizeLimit(Set<String> extensions) {
            long limit = -1;
            for (String extension : extensions) {
                String[] words = extension.split(" +");
                if (!words[0].equals("SIZE")) {
                    continue;
                }
                if (words.length == 2 && words[1].matches("[0-9]{1,18}")) {
                    return Long.parseLong(words[1]);
                }
                limit = 0;
            }
            return limit;
        }

        private RecipientResult result(String recipient, Reply reply) {
            RecipientResult.Outcome outcome = reply.positive() ? RecipientResult.Outcome.DELIVERED
                    : reply.transientFailure() ? RecipientResult.Outcome.DEFERRED : RecipientResult.Outcome.FAILED;
            return new RecipientResult(recipient, outcome, reply.status(), reply.diagnostic(), mxHost);
        }

        private SmtpAttempt everyone(Reply reply, boolean tryNextHost) {
            List<RecipientResult> all = new ArrayList<>();
            for (String recipient : envelope.recipients()) {
                all.add(result(recipient, reply));
            }
            return new SmtpAttempt(all, tlsResult, tryNextHost);
        }

        SmtpAttempt hostFailure(String status, String detail, TlsSessionResult tlsOutcome) {
            RecipientResult.Outcome outcome = status.startsWith("5")
                    ? RecipientResult.Outcome.FAILED : RecipientResult.Outcome.DEFERRED;
            List<RecipientResult> all = new ArrayList<>();
            for (String recipient : envelope.recipients()) {
                all.add(new RecipientResult(recipient, outcome, status, detail, null));
            }
            return new SmtpAttempt(all, tlsOutcome, true);
        }

        private SmtpAttempt permanentFailure(String status, String detail) {
            List<RecipientResult> all = new ArrayList<>();
            for (String recipient : envelope.recipients()) {
                all.add(new RecipientResult(recipient, RecipientResult.Outcome.FAILED, status, detail, mxHost));
            }
            return new SmtpAttempt(all, tlsResult, true);
        }

        /** The connection broke or the peer spoke nonsense: recipients without a result are deferred. */
        SmtpAttempt lost(IOException e) {
            if (e instanceof ProtocolFailure failure) {
                return everyone(failure.reply, !dataSent);
            }
            Set<String> done = new HashSet<>();
            results.forEach(result -> done.add(result.address()));
            List<RecipientResult> all = new ArrayList<>(results);
            for (String recipient : envelope.recipients()) {
                if (!done.contains(recipient)) {
                    all.add(new RecipientResult(recipient, RecipientResult.Outcome.DEFERRED, "4.4.2",
                            "connection with " + mxHost + " lost: " + e.getMessage(), mxHost));
                }
            }
            return new SmtpAttempt(all, tlsResult, !dataSent);
        }

        private void useStreams(Socket socket) throws IOException {
            in = new BufferedInputStream(socket.getInputStream(), 4096);
            out = new BufferedOutputStream(socket.getOutputStream(), 16 * 1024);
        }

        private void send(String command) throws IOException {
            out.write((command + "\r\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
        }

        private void quietQuit() {
            try {
                send("QUIT");
                read();
            } catch (IOException ignored) {
                // RFC 5321 §4.1.1.10: the reply to QUIT changes nothing for the message.
            }
        }

        /** Reads one (possibly multi-line) reply. */
        private Reply read() throws IOException {
            List<String> lines = new ArrayList<>();
            int code = -1;
            while (true) {
                String line = readLine();
                if (line.length() < 3 || !Character.isDigit(line.charAt(0)) || !Character.isDigit(line.charAt(1))
                        || !Character.isDigit(line.charAt(2))) {
                    throw new IOException("malformed reply from " + mxHost);
                }
                int lineCode = Integer.parseInt(line.substring(0, 3));
                if (code != -1 && lineCode != code) {
                    throw new IOException("inconsistent multi-line reply from " + mxHost);
                }
                code = lineCode;
                boolean more = line.length() > 3 && line.charAt(3) == '-';
                lines.add(line.length() > 4 ? line.substring(4) : "");
                if (!more) {
                    break;
                }
                if (lines.size() >= MAX_REPLY_LINES) {
                    throw new IOException("reply from " + mxHost + " has too many lines");
                }
            }
            if (code < 200 || code > 599) {
                throw new IOException("reply code " + code + " from " + mxHost + " is out of range");
            }
            return new Reply(code, lines);
        }

        private String readLine() throws IOException {
            byte[] buffer = new byte[MAX_REPLY_LINE];
            int length = 0;
            while (true) {
                int b = in.read();
                if (b < 0) {
                    throw new EOFException(mxHost + " closed the connection");
                }
                if (b == '\n') {
                    if (length > 0 && buffer[length - 1] == '\r') {
                        length--;
                    }
                    return new String(buffer, 0, length, StandardCharsets.UTF_8);
                }
                if (length == MAX_REPLY_LINE) {
                    throw new IOException("reply line from " + mxHost + " is too long");
                }
                buffer[length++] = (byte) b;
            }
        }
    }

    /** A negative reply to a command the session cannot go on without (HELO). */
    private static final class ProtocolFailure extends IOException {
        final transient Reply reply;

        ProtocolFailure(Reply reply) {
            super(reply.diagnostic());
            this.reply = reply;
        }
    }

    private static boolean hasEightBit(byte[] message) {
        for (byte b : message) {
            if (b < 0) {
                return true;
            }
        }
        return false;
    }

    private static boolean isAscii(String s) {
        return s.chars().allMatch(c -> c < 0x80);
    }

    /** Lets the handshake finish whatever the chain; {@link CertificateVerifier} judges it afterwards. */
    private static final class AcceptAnyChain extends X509ExtendedTrustManager {
        @Override public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {}
        @Override public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {}
        @Override public void checkClientTrusted(X509Certificate[] chain, String authType, javax.net.ssl.SSLEngine engine) {}
        @Override public void checkServerTrusted(X509Certificate[] chain, String authType, javax.net.ssl.SSLEngine engine) {}
        @Override public void checkClientTrusted(X509Certificate[] chain, String authType) {}
        @Override public void checkServerTrusted(X509Certificate[] chain, String authType) {}
        @Override public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
