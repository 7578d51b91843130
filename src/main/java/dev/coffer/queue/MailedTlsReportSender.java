package dev.coffer.queue;

import dev.coffer.dns.DnsException;
import dev.coffer.dns.DnsResolver;
import dev.coffer.mail.ReportMessage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.IDN;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.InstantSource;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import java.util.zip.GZIPOutputStream;
import javax.net.ssl.SSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers a TLS-RPT report to the {@code rua} URIs of the Policy Domain's {@code _smtp._tls}
 * record (RFC 8460 §3): {@code mailto:} as a signed {@code multipart/report} message put on the
 * outbound queue with the null reverse-path (§5.3), {@code https:} as a POST (§5.4). Domains that
 * publish no valid record get no report.
 */
public final class MailedTlsReportSender implements TlsReportSender, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(MailedTlsReportSender.class);

    /** RFC 8460 §6.4: the media type of a gzip-compressed report. */
    public static final String GZIP_MEDIA_TYPE = "application/tlsrpt+gzip";
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);

    /** RFC 5322 §3.3 date-time, with a numeric zone. */

    private final DnsResolver dns;
    private final OutboundQueue queue;
    private final Function<byte[], byte[]> signer;
    private final String submitter;
    private final String from;
    private final InstantSource clock;
    private final Duration timeout;
    private final HttpClient http;

    private MailedTlsReportSender(Builder builder) {
        this.dns = builder.dns;
        this.queue = builder.queue;
        this.signer = builder.signer;
        this.submitter = asciiDomain(builder.hostname);
        this.from = builder.from == null ? "tlsrpt-noreply@" + submitter : builder.from;
        this.clock = builder.clock;
        this.timeout = builder.timeout;
        this.http = HttpClient.newBuilder()
                .sslContext(builder.sslContext)
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(timeout)
                .build();
    }

    /**
     * @param dns      looks up {@code _smtp._tls.DOMAIN}
     * @param queue    where mailed reports go
     * @param hostname our host name: the report's Submitter (RFC 8460 §5.3), and the From domain by default
     */
    public static Builder builder(DnsResolver dns, OutboundQueue queue, String hostname) {
        return new Builder(dns, queue, hostname);
    }

    /**
     * Sends the report to every usable rua of the domain's policy; a failure of one rua does not
     * keep the others from getting it.
     *
     * @throws IOException when DNS fails, or when the report reached none of the rua URIs
     */
    @Override
    public void send(String policyDomain, String reportId, LocalDate day, byte[] json) throws IOException {
        Optional<TlsRptPolicy> found;
        try {
            found = TlsRptPolicy.lookup(dns, policyDomain);
        } catch (DnsException e) {
            throw new IOException("cannot look up " + TlsRptPolicy.dnsName(policyDomain) + ": " + e.getMessage(), e);
        } catch (TlsRptPolicyException e) {
            log.info("event=tlsrpt-policy-invalid domain={} error=\"{}\"", policyDomain, e.getMessage());
            return;
        }
        if (found.isEmpty()) {
            log.debug("event=tlsrpt-no-policy domain={}", policyDomain);
            return;
        }
        TlsRptPolicy policy = found.get();
        byte[] gzipped = gzip(json);
        List<String> failures = new ArrayList<>();
        int delivered = 0;
        for (String address : policy.mailto()) {
            try {
                queue.enqueue(new OutboundMessage("", List.of(address),
                        signer.apply(message(policyDomain, reportId, day, address, gzipped)), false, null));
                delivered++;
            } catch (QueueException e) {
                failures.add("mailto: " + e.getMessage());
            }
        }
        for (URI uri : policy.https()) {
            try {
                post(uri, gzipped);
                delivered++;
            } catch (IOException e) {
                failures.add("https: " + e.getMessage());
            }
        }
        if (!failures.isEmpty()) {
            log.warn("event=tlsrpt-rua-failed domain={} failed={} delivered={} errors=\"{}\"",
                    policyDomain, failures.size(), delivered, String.join("; ", failures));
        }
        if (delivered == 0) {
            throw new IOException("the report reached none of the " + failures.size() + " rua URIs: "
                    + String.join("; ", failures));
        }
        log.info("event=tlsrpt-sent domain={} day={} rua={}", policyDomain, day, delivered);
    }

    /** RFC 8460 §5.3: the report as a {@code multipart/report; report-type="tlsrpt"} message. */
    byte[] message(String policyDomain, String reportId, LocalDate day, String to, byte[] gzipped) {
        String domain = asciiDomain(policyDomain);
        long begin = day.atStartOfDay(ZoneOffset.UTC).toEpochSecond();
        long end = begin + Duration.ofDays(1).toSeconds() - 1; // as the report's date-range: 23:59:59
        // RFC 8460 §5.3: both TLS-Report fields MUST be present; the submitter matches the filename's sender.
        // Reports must not honour MTA-STS or DANE failures; RFC 8689 §5 says so to relays with TLS-Required.
        List<String> fields = List.of("TLS-Report-Domain: " + domain, "TLS-Report-Submitter: " + submitter,
                "TLS-Required: No");
        String text = "This is an aggregate TLS report from " + submitter + " about mail sent to\r\n"
                + domain + " on " + day + " (UTC), as RFC 8460 describes.\r\n";
        return new ReportMessage(from, to, domain, submitter, reportId(reportId) + "@" + submitter, fields,
                "multipart/report; report-type=\"tlsrpt\"", text, GZIP_MEDIA_TYPE,
                filename(domain, begin, end, reportId), gzipped).format(clock.instant());
    }

    /**
     * RFC 8460 §5.1: {@code sender "!" policy-domain "!" begin-timestamp "!" end-timestamp "!" unique-id
     * ".json.gz"}, with unique-id = 1*(ALPHA / DIGIT), here derived from the report id.
     */
    String filename(String domain, long begin, long end, String reportId) {
        return submitter + "!" + domain + "!" + begin + "!" + end + "!" + uniqueId(reportId) + ".json.gz";
    }

    /** RFC 8460 §5.4: POST the gzipped report; any 2xx answer is success. */
    private void post(URI uri, byte[] gzipped) throws IOException {
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(timeout)
                .header("Content-Type", GZIP_MEDIA_TYPE)
                .POST(HttpRequest.BodyPublishers.ofByteArray(gzipped))
                .build();
        HttpResponse<Void> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.discarding());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while posting to " + uri.getHost(), e);
        }
        if (response.statusCode() / 100 != 2) {
            throw new IOException(uri.getHost() + " answered HTTP " + response.statusCode());
        }
    }

    static byte[] gzip(byte[] json) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(bytes)) {
            gzip.write(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** RFC 5322 §3.6.4 id-left as dot-atom-text: the report id's atext characters, others as "-". */
    private static String reportId(String reportId) {
        String id = reportId.replaceAll("[^A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]", "-").replaceAll("\\.{2,}", ".");
        id = id.replaceAll("^\\.|\\.$", "");
        return id.isEmpty() ? UUID.randomUUID().toString() : id;
    }

    /** 16 hex digits from the report id: the same report gets the same filename on every rua. */
    private static String uniqueId(String reportId) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(reportId.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    /** RFC 8460 §5.1: IDNs as A-labels. */
    private static String asciiDomain(String domain) {
        return IDN.toASCII(domain, IDN.ALLOW_UNASSIGNED).toLowerCase(Locale.ROOT);
    }

    @Override
    public void close() {
        http.close();
    }

    /** Settings for a {@link MailedTlsReportSender}; all but the three of {@link #builder} have defaults. */
    public static final class Builder {
        private final DnsResolver dns;
        private final OutboundQueue queue;
        private final String hostname;
        private Function<byte[], byte[]> signer = UnaryOperator.identity();
        private String from;
        private SSLContext sslContext;
        private InstantSource clock = InstantSource.system();
        private Duration timeout = DEFAULT_TIMEOUT;

        private Builder(DnsResolver dns, OutboundQueue queue, String hostname) {
            this.dns = dns;
            this.queue = queue;
            this.hostname = hostname;
        }

        /**
         * Turns a built message into the one to queue, e.g. by prepending DKIM-Signature fields of
         * the hostname's domain (RFC 8460 §5.3: the submitter should match the DKIM domain). None by default.
         */
        public Builder signer(Function<byte[], byte[]> value) {
            signer = value;
            return this;
        }

        /** The From address; {@code tlsrpt-noreply@HOSTNAME} by default. */
        public Builder from(String address) {
            if (address.chars().anyMatch(c -> c < 0x21 || c > 0x7e) || address.indexOf('@') <= 0) {
                throw new IllegalArgumentException("the TLS report From address \"" + address + "\" is not a mail address");
            }
            from = address;
            return this;
        }

        /** Whom the HTTPS client trusts; the JDK's default trust by default. */
        public Builder sslContext(SSLContext value) {
            sslContext = value;
            return this;
        }

        /** Gives the Date field. */
        public Builder clock(InstantSource value) {
            clock = value;
            return this;
        }

        /** How long a POST may take to connect, and to be answered. */
        public Builder timeout(Duration value) {
            timeout = value;
            return this;
        }

        public MailedTlsReportSender build() {
            if (sslContext == null) {
                try {
                    sslContext = SSLContext.getDefault();
                } catch (NoSuchAlgorithmException e) {
                    throw new IllegalStateException("the JDK has no default TLS context", e);
                }
            }
            return new MailedTlsReportSender(this);
        }
    }
}
