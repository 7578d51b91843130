package dev.coffer.dns;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.EDNSOption;
import org.xbill.DNS.ExtendedErrorCodeOption;
import org.xbill.DNS.ExtendedResolver;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.RRset;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Resolver;
import org.xbill.DNS.ResolverConfig;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;
import org.xbill.DNS.dnssec.ValidatingResolver;

/**
 * A DNSSEC-validating stub resolver (dnsjava's {@link ValidatingResolver}) in front of one or more
 * recursive resolvers. Queries go over UDP and are retried over TCP when the answer is truncated
 * (RFC 7766 §5); answers are cached for their TTL, and temporary failures for a short while
 * ({@link #DEFAULT_FAILURE_CACHE_TTL}), so a resolver that is down is not asked again for every message.
 *
 * <p>Every answer says whether it validated ({@link DnsAnswer.Security#SECURE}) or not
 * ({@link DnsAnswer.Security#INSECURE}). A bogus answer is a {@link DnsException} with
 * {@link DnsException#isDnssecBogus()}: temporary, because RFC 7672 §2.2 says a bogus TLSA (or MX)
 * answer must not lead to delivery, so the queue waits and retries.
 */
public final class DnsResolver {

    /**
     * The IANA root zone trust anchors (https://data.iana.org/root-anchors/root-anchors.xml):
     * KSK-2017 (key tag 20326) and KSK-2024 (key tag 38696).
     */
    public static final String IANA_ROOT_ANCHORS = """
            . IN DS 20326 8 2 E06D44B80B8F1D39A95C0B0D7C65D08458E880409BBC683457104237C7F8EC8D
            . IN DS 38696 8 2 683D2D0ACB8C9B712A1948B27F741219298D0A450D612C483AF444A4C0FB2B16
            """;

    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);
    public static final int DEFAULT_CACHE_SIZE = 10_000;
    /** Cached answers are kept at most this long whatever their TTL says. */
    public static final Duration DEFAULT_MAX_CACHE_TTL = Duration.ofHours(1);
    /** RFC 2308 §7.1 and §7.2 allow a server failure or a dead server to be remembered up to five minutes. */
    public static final Duration DEFAULT_FAILURE_CACHE_TTL = Duration.ofSeconds(30);
    private static final Duration MAX_FAILURE_CACHE_TTL = Duration.ofMinutes(5);
    /** RFC 1034 §5.3.1 suggests a bound on CNAME chains; resolvers commonly stop at 8 or so. */
    private static final int MAX_CNAME_CHAIN = 8;
    /** The validator marks the upstream's own failures with this reason; they are not "bogus". */
    private static final String UPSTREAM_FAILURE_REASON = "Response subtype is UNKNOWN";

    private final ValidatingResolver resolver;
    private final Duration timeout;
    private final AnswerCache cache;
    private final Duration failureCacheTtl;
    private final List<InetSocketAddress> servers;

    private DnsResolver(Builder builder) throws IOException {
        servers = builder.servers.isEmpty() ? systemServers() : List.copyOf(builder.servers);
        timeout = builder.timeout;
        List<Resolver> heads = new ArrayList<>();
        for (InetSocketAddress server : servers) {
            SimpleResolver simple = new SimpleResolver(server);
            simple.setTimeout(timeout);
            heads.add(simple);
        }
        Resolver head;
        if (heads.size() == 1) {
            head = heads.getFirst();
        } else {
            ExtendedResolver extended = new ExtendedResolver(heads);
            extended.setTimeout(timeout);
            head = extended;
        }
        resolver = new ValidatingResolver(head, builder.clock);
        resolver.loadTrustAnchors(new ByteArrayInputStream(builder.trustAnchors.getBytes(StandardCharsets.US_ASCII)));
        resolver.setTimeout(timeout);
        cache = new AnswerCache(builder.cacheSize, builder.maxCacheTtl, builder.clock);
        failureCacheTtl = builder.failureCacheTtl.compareTo(MAX_FAILURE_CACHE_TTL) > 0
                ? MAX_FAILURE_CACHE_TTL : builder.failureCacheTtl;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The recursive resolvers this resolver asks. */
    public List<InetSocketAddress> servers() {
        return servers;
    }

    /**
     * Looks up the records of {@code type} at {@code name}, following a CNAME chain in the answer.
     *
     * @throws DnsException temporary on timeout, SERVFAIL, REFUSED or a bogus answer; permanent
     *         when {@code name} is not a valid domain name
     */
    public DnsAnswer lookup(String name, int type) throws DnsException {
        return lookup(toName(name), type);
    }

    public DnsAnswer lookup(Name name, int type) throws DnsException {
        DnsAnswer cached = cache.get(name, type);
        if (cached != null) {
            return cached;
        }
        try {
            return resolve(name, type);
        } catch (DnsException e) {
            if (e.isTemporary() && !Thread.currentThread().isInterrupted()) {
                cache.putFailure(name, type, e, failureCacheTtl);
            }
            throw e;
        }
    }

    private DnsAnswer resolve(Name name, int type) throws DnsException {
        Message query = Message.newQuery(Record.newRecord(name, type, DClass.IN));
        Message response = send(query);
        int rcode = response.getRcode();
        String what = name + "/" + Type.string(type);
        if (rcode == Rcode.SERVFAIL) {
            Optional<String> reason = validationFailure(response);
            if (reason.isPresent()) {
                throw new DnsException("DNSSEC validation failed for " + what + ": " + reason.get(), true, true);
            }
            throw new DnsException("the DNS server failed (SERVFAIL) for " + what, true);
        }
        if (rcode != Rcode.NOERROR && rcode != Rcode.NXDOMAIN) {
            throw new DnsException("the DNS server answered " + Rcode.string(rcode) + " for " + what, true);
        }
        DnsAnswer.Security security = response.getHeader().getFlag(Flags.AD)
                ? DnsAnswer.Security.SECURE : DnsAnswer.Security.INSECURE;

        // Follow the CNAME chain the recursive resolver put in the answer section (RFC 1034 §3.6.2).
        Name current = name;
        List<Record> records = new ArrayList<>();
        long ttl = Long.MAX_VALUE;
        for (int step = 0; step <= MAX_CNAME_CHAIN; step++) {
            Name owner = current;
            CNAMERecord alias = null;
            for (RRset rrset : response.getSectionRRsets(Section.ANSWER)) {
                if (!rrset.getName().equals(owner)) {
                    continue;
                }
                if (rrset.getType() == type) {
                    records.addAll(rrset.rrs(false));
                    ttl = Math.min(ttl, rrset.getTTL());
                } else if (rrset.getType() == Type.CNAME && type != Type.CNAME) {
                    alias = (CNAMERecord) rrset.first();
                    ttl = Math.min(ttl, rrset.getTTL());
                }
            }
            if (!records.isEmpty() || alias == null) {
                break;
            }
            if (step == MAX_CNAME_CHAIN) {
                throw new DnsException("the CNAME chain for " + what + " is longer than " + MAX_CNAME_CHAIN, false);
            }
            current = alias.getTarget();
        }
        boolean exists = rcode == Rcode.NOERROR;
        if (records.isEmpty()) {
            ttl = Math.min(ttl, negativeTtl(response));
        }
        DnsAnswer answer = new DnsAnswer(name, type, current, records, exists, security);
        cache.put(answer, ttl == Long.MAX_VALUE ? 0 : ttl);
        return answer;
    }

    /**
     * The TXT records at {@code name}, each one's character-strings joined without separator
     * (RFC 7208 §3.3, RFC 6376 §3.6.2.2); empty when the name has none (NXDOMAIN or NODATA).
     */
    public Optional<List<String>> txt(String name) throws DnsException {
        DnsAnswer answer = lookup(name, Type.TXT);
        if (answer.records().isEmpty()) {
            return Optional.empty();
        }
        List<String> texts = new ArrayList<>();
        for (TXTRecord txt : answer.records(TXTRecord.class)) {
            texts.add(joined(txt));
        }
        return Optional.of(texts);
    }

    /** The character-strings of a TXT record, joined; each read as ISO-8859-1 so no octet is lost. */
    static String joined(TXTRecord txt) {
        StringBuilder text = new StringBuilder();
        for (byte[] part : txt.getStringsAsByteArrays()) {
            text.append(new String(part, StandardCharsets.ISO_8859_1));
        }
        return text.toString();
    }

    static Name toName(String name) throws DnsException {
        String text = name.trim();
        if (text.isEmpty()) {
            throw new DnsException("an empty domain name", false);
        }
        try {
            return Name.fromString(text.endsWith(".") ? text : text + ".").canonicalize();
        } catch (TextParseException e) {
            throw new DnsException("not a valid domain name: " + abbreviate(text), false);
        }
    }

    private Message send(Message query) throws DnsException {
        String what = query.getQuestion().getName() + "/" + Type.string(query.getQuestion().getType());
        try {
            // The validator may need several round trips (DNSKEY, DS) for one answer.
            return resolver.sendAsync(query).toCompletableFuture()
                    .get(timeout.toMillis() * 4, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DnsException("interrupted while resolving " + what, true);
        } catch (TimeoutException e) {
            throw new DnsException("no answer from the DNS server in time for " + what, true);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            String reason = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
            throw new DnsException("could not resolve " + what + ": " + reason, true);
        }
    }

    /** The validator's reason when it turned a bogus answer into SERVFAIL (its EDE or its TXT). */
    private static Optional<String> validationFailure(Message response) {
        String reason = null;
        for (Record record : response.getSection(Section.ADDITIONAL)) {
            if (record instanceof TXTRecord txt && record.getDClass() == ValidatingResolver.VALIDATION_REASON_QCLASS) {
                reason = joined(txt);
            }
        }
        if (reason == null) {
            OPTRecord opt = response.getOPT();
            if (opt != null) {
                for (EDNSOption option : opt.getOptions(EDNSOption.Code.EDNS_EXTENDED_ERROR)) {
                    if (option instanceof ExtendedErrorCodeOption ede) {
                        reason = ede.getText() == null ? ExtendedErrorCodeOption.text(ede.getErrorCode()) : ede.getText();
                    }
                }
            }
        }
        if (reason == null || reason.startsWith(UPSTREAM_FAILURE_REASON)) {
            return Optional.empty();
        }
        return Optional.of(reason);
    }

    /** RFC 2308 §5: a negative answer is cached for min(SOA TTL, SOA MINIMUM). */
    private static long negativeTtl(Message response) {
        for (Record record : response.getSection(Section.AUTHORITY)) {
            if (record instanceof SOARecord soa) {
                return Math.min(soa.getTTL(), soa.getMinimum());
            }
        }
        return 0;
    }

    private static List<InetSocketAddress> systemServers() throws IOException {
        List<InetSocketAddress> system = ResolverConfig.getCurrentConfig().servers();
        if (system.isEmpty()) {
            throw new IOException("no DNS resolver is configured (/etc/resolv.conf) and none was given");
        }
        return List.copyOf(system);
    }

    private static String abbreviate(String text) {
        String s = text.length() > 80 ? text.substring(0, 80) + "…" : text;
        return s.toLowerCase(Locale.ROOT);
    }

    /** Settings for a {@link DnsResolver}; every one has a default. */
    public static final class Builder {
        private final List<InetSocketAddress> servers = new ArrayList<>();
        private String trustAnchors = IANA_ROOT_ANCHORS;
        private Duration timeout = DEFAULT_TIMEOUT;
        private int cacheSize = DEFAULT_CACHE_SIZE;
        private Duration maxCacheTtl = DEFAULT_MAX_CACHE_TTL;
        private Duration failureCacheTtl = DEFAULT_FAILURE_CACHE_TTL;
        private Clock clock = Clock.systemUTC();

        private Builder() {
        }

        /** The recursive resolvers to ask; when none is given, those of /etc/resolv.conf. */
        public Builder servers(InetSocketAddress... addresses) {
            servers.addAll(List.of(addresses));
            return this;
        }

        public Builder servers(List<InetSocketAddress> addresses) {
            servers.addAll(addresses);
            return this;
        }

        /** DS or DNSKEY records in zone-file syntax; the IANA root anchors by default. */
        public Builder trustAnchors(String zoneFileRecords) {
            trustAnchors = zoneFileRecords;
            return this;
        }

        /** How long to wait for one server's answer. */
        public Builder timeout(Duration value) {
            timeout = value;
            return this;
        }

        /** How many answers to keep; 0 turns the cache off. */
        public Builder cacheSize(int entries) {
            cacheSize = entries;
            return this;
        }

        public Builder maxCacheTtl(Duration value) {
            maxCacheTtl = value;
            return this;
        }

        /** How long a temporary failure is remembered (at most five minutes); zero turns that off. */
        public Builder failureCacheTtl(Duration value) {
            failureCacheTtl = value;
            return this;
        }

        /** The clock for cache expiry and for signature validity periods. */
        public Builder clock(Clock value) {
            clock = value;
            return this;
        }

        /** @throws IOException if the trust anchors do not parse or no resolver is known */
        public DnsResolver build() throws IOException {
            return new DnsResolver(this);
        }
    }
}
