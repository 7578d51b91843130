package dev.coffer.mailauth.dmarc;

import dev.coffer.mail.ReportMessage;
import dev.coffer.queue.OutboundMessage;
import dev.coffer.queue.OutboundQueue;
import dev.coffer.queue.QueueException;
import java.io.IOException;
import java.net.IDN;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Mails a DMARC aggregate report to the {@code rua=mailto:} addresses of the policy domain's
 * current record (RFC 7489 §7.2.1.1), through the outbound queue with the null reverse-path.
 * An address outside the policy domain's Organizational Domain gets the report only when that
 * domain agrees to receive it (§7.1); an address with a size limit ({@code !10m}) only when the
 * message fits (§6.2). Only mailto: is used; other URI schemes are skipped.
 */
public final class DmarcReportMailer {

    private static final Logger log = LoggerFactory.getLogger(DmarcReportMailer.class);

    /** RFC 7489 §7.2.1.1: the media type of a gzip-compressed report. */
    public static final String GZIP_MEDIA_TYPE = "application/gzip";
    /** At most this many rua addresses of one record get a report: a bound on what a record can make us send. */
    public static final int MAX_DESTINATIONS = 10;

    /** RFC 5322 §3.3 date-time, with a numeric zone. */

    private final DmarcDns dns;
    private final PolicyDiscovery discovery;
    private final PublicSuffixList suffixes;
    private final OutboundQueue queue;
    private final Function<byte[], byte[]> signer;
    private final String submitter;
    private final String from;
    private final InstantSource clock;

    private DmarcReportMailer(Builder builder) {
        this.dns = builder.dns;
        this.suffixes = builder.suffixes;
        this.discovery = new PolicyDiscovery(builder.dns, builder.suffixes);
        this.queue = builder.queue;
        this.signer = builder.signer;
        this.submitter = IDN.toASCII(builder.hostname, IDN.ALLOW_UNASSIGNED).toLowerCase(Locale.ROOT);
        this.from = builder.from == null ? "dmarc-noreply@" + submitter : builder.from;
        this.clock = builder.clock;
    }

    /**
     * @param dns      looks up {@code _dmarc.DOMAIN} and the §7.1 authorisations
     * @param queue    where the reports go
     * @param hostname this receiver: the report's submitter and the From domain by default
     */
    public static Builder builder(DmarcDns dns, PublicSuffixList suffixes, OutboundQueue queue, String hostname) {
        return new Builder(dns, suffixes, queue, hostname);
    }

    /** This receiver's name in reports and file names. */
    public String submitter() {
        return submitter;
    }

    /**
     * Queues the report for every usable rua address of the policy domain's record.
     *
     * @return how many addresses it was queued for; 0 when the domain (no longer) asks for reports
     * @throws IOException when DNS fails for now, or when no usable address could be reached
     */
    public int send(DmarcAggregateReport report) throws IOException {
        String domain = report.policyDomain();
        DmarcRecord record = switch (discovery.discover(domain)) {
            case PolicyDiscovery.Outcome.Found found -> found.record();
            case PolicyDiscovery.Outcome.NoPolicy none -> {
                log.info("event=dmarc-report-no-policy domain={} reason=\"{}\"", domain, none.reason());
                yield null;
            }
            case PolicyDiscovery.Outcome.TempError error -> throw new IOException(error.reason());
        };
        if (record == null) {
            return 0;
        }
        byte[] gzipped = report.gzipped();
        List<String> failures = new ArrayList<>();
        int queued = 0;
        int tried = 0;
        for (ReportUri uri : record.aggregateReports()) {
            Optional<String> address = uri.mailto();
            if (address.isEmpty() || tried == MAX_DESTINATIONS) {
                continue;
            }
            tried++;
            String ruaDomain = uri.mailtoDomain().orElseThrow();
            try {
                if (!authorised(domain, ruaDomain)) {
                    log.info("event=dmarc-report-rua-unauthorised domain={} rua_domain={}", domain, ruaDomain);
                    continue;
                }
            } catch (DmarcDnsException e) {
                failures.add(ruaDomain + ": " + e.getMessage());
                continue;
            }
            byte[] message = signer.apply(message(report, address.get(), gzipped));
            if (!uri.accepts(message.length)) {
                // RFC 7489 §6.2: a report larger than the limit is not sent there
                log.info("event=dmarc-report-too-large domain={} rua_domain={} size={} limit={}",
                        domain, ruaDomain, message.length, uri.maxBytes());
                continue;
            }
            try {
                queue.enqueue(new OutboundMessage("", List.of(address.get()), message, false, null));
                queued++;
            } catch (QueueException e) {
                failures.add(ruaDomain + ": " + e.getMessage());
            }
        }
        if (queued == 0 && !failures.isEmpty()) {
            throw new IOException("the report reached none of its rua addresses: " + String.join("; ", failures));
        }
        log.info("event=dmarc-report-sent domain={} day={} rua={}", domain, report.day(), queued);
        return queued;
    }

    /**
     * RFC 7489 §7.1: an address in another Organizational Domain than the policy domain's may get
     * reports only if {@code POLICY-DOMAIN._report._dmarc.RUA-DOMAIN} holds a v=DMARC1 record.
     */
    boolean authorised(String policyDomain, String ruaDomain) throws DmarcDnsException {
        String ascii = PublicSuffixList.normalise(ruaDomain);
        if (suffixes.organizationalDomain(ascii).equals(suffixes.organizationalDomain(policyDomain))) {
            return true;
        }
        Optional<List<String>> txt = dns.txt(PublicSuffixList.normalise(policyDomain) + "._report._dmarc." + ascii);
        return txt.isPresent() && txt.get().stream().anyMatch(DmarcRecord::isDmarc);
    }

    /** RFC 7489 §7.2.1.1: the report as a gzip attachment of a message with the prescribed Subject. */
    byte[] message(DmarcAggregateReport report, String to, byte[] gzipped) {
        String domain = PublicSuffixList.normalise(report.policyDomain());
        String text = "This is a DMARC aggregate report from " + submitter + " about mail from\r\n"
                + domain + " on " + report.day() + " (UTC), as RFC 7489 describes.\r\n";
        return new ReportMessage(from, to, domain, submitter, report.reportId(), List.of(), "multipart/mixed", text,
                GZIP_MEDIA_TYPE, filename(report), gzipped).format(clock.instant());
    }

    /** RFC 7489 §7.2.1.1: {@code receiver "!" policy-domain "!" begin-timestamp "!" end-timestamp ".xml.gz"}. */
    String filename(DmarcAggregateReport report) {
        return submitter + "!" + PublicSuffixList.normalise(report.policyDomain()) + "!" + report.begin() + "!"
                + report.end() + ".xml.gz";
    }

    /** Settings for a {@link DmarcReportMailer}; all but those of {@link #builder} have defaults. */
    public static final class Builder {
        private final DmarcDns dns;
        private final PublicSuffixList suffixes;
        private final OutboundQueue queue;
        private final String hostname;
        private Function<byte[], byte[]> signer = UnaryOperator.identity();
        private String from;
        private InstantSource clock = InstantSource.system();

        private Builder(DmarcDns dns, PublicSuffixList suffixes, OutboundQueue queue, String hostname) {
            this.dns = dns;
            this.suffixes = suffixes;
            this.queue = queue;
            this.hostname = hostname;
        }

        /**
         * Turns a built message into the one to queue, e.g. by prepending DKIM-Signature fields of the
         * host's domain (RFC 7489 §7.2.1.1: reports should be DKIM-signed). None by default.
         */
        public Builder signer(Function<byte[], byte[]> value) {
            signer = value;
            return this;
        }

        /** The From address; {@code dmarc-noreply@HOSTNAME} by default. */
        public Builder from(String address) {
            if (address.chars().anyMatch(c -> c < 0x21 || c > 0x7e) || address.indexOf('@') <= 0) {
                throw new IllegalArgumentException("the DMARC report From address \"" + address + "\" is not a mail address");
            }
            from = address;
            return this;
        }

        /** Gives the Date field. */
        public Builder clock(InstantSource value) {
            clock = value;
            return this;
        }

        public DmarcReportMailer build() {
            return new DmarcReportMailer(this);
        }
    }
}
