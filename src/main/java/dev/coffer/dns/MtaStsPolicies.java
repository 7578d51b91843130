package dev.coffer.dns;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.NoSuchAlgorithmException;
import java.security.cert.Certificate;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * MTA-STS policy discovery and caching (RFC 8461 §3.3, §5.1): the {@code _mta-sts} TXT record says
 * which policy id is current; the policy is fetched over HTTPS from {@code mta-sts.DOMAIN} when the
 * id is new, and a cached, unexpired policy is used whenever the record or the fetch fails.
 */
public final class MtaStsPolicies implements AutoCloseable {

    /** RFC 8461 §3.3: senders SHOULD limit the policy body; 64 KiB is its suggestion. */
    public static final int MAX_POLICY_BYTES = 64 * 1024;
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
    public static final int DEFAULT_CACHE_SIZE = 10_000;
    static final String WELL_KNOWN_PATH = "/.well-known/mta-sts.txt";

    private static final Logger LOG = LoggerFactory.getLogger(MtaStsPolicies.class);

    private record Cached(MtaStsPolicy policy, Instant expires) {}

    private final DnsResolver dns;
    private final HttpClient http;
    private final Duration timeout;
    private final UnaryOperator<String> policyAuthority;
    private final Clock clock;
    private final int cacheSize;
    private final Map<String, Cached> cache;

    private MtaStsPolicies(Builder builder) {
        dns = builder.dns;
        timeout = builder.timeout;
        policyAuthority = builder.policyAuthority;
        clock = builder.clock;
        cacheSize = builder.cacheSize;
        cache = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Cached> eldest) {
                return size() > cacheSize;
            }
        };
        http = HttpClient.newBuilder()
                .sslContext(builder.sslContext)
                // RFC 8461 §3.3: HTTP 3xx redirects MUST NOT be followed
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(timeout)
                .version(HttpClient.Version.HTTP_1_1)
                .build();
    }

    /** @param dns the resolver for the {@code _mta-sts} TXT records */
    public static Builder builder(DnsResolver dns) {
        return new Builder(dns);
    }

    /**
     * The policy in force for {@code domain}, or empty when it has none available.
     *
     * @throws DnsException (permanent) only when {@code domain} is not a valid name; DNS and HTTPS
     *         failures fall back on the cache, as RFC 8461 §5.1 says
     */
    public Optional<MtaStsPolicy> policy(String domain) throws DnsException {
        String name = DnsResolver.toName(domain).toString(true);
        Optional<MtaStsPolicy> cached = cached(name);
        Optional<String> id;
        try {
            id = dns.txt("_mta-sts." + name).flatMap(MtaStsParser::policyId);
        } catch (DnsException e) {
            if (!e.isTemporary()) {
                throw e;
            }
            LOG.warn("event=mta-sts-record-failed domain={} cached={} error=\"{}\"", name, cached.isPresent(), e.getMessage());
            return cached;
        }
        if (id.isEmpty()) {
            // RFC 8461 §5.1: no "live" record, but an unexpired cached policy still applies
            return cached;
        }
        if (cached.isPresent() && cached.get().id().equals(id.get())) {
            return cached;
        }
        try {
            MtaStsPolicy fresh = fetch(name, id.get());
            store(name, fresh);
            return Optional.of(fresh);
        } catch (MtaStsException e) {
            // RFC 8461 §5.1: a failed fetch leaves the cached policy (if any) in force
            LOG.warn("event=mta-sts-fetch-failed domain={} cached={} error=\"{}\"", name, cached.isPresent(), e.getMessage());
            return cached;
        }
    }

    /**
     * Fetches and parses {@code https://mta-sts.DOMAIN/.well-known/mta-sts.txt} (RFC 8461 §3.3):
     * status 200, media type text/plain, at most {@link #MAX_POLICY_BYTES}, a certificate valid for
     * {@code mta-sts.DOMAIN}, no redirects.
     */
    public MtaStsPolicy fetch(String domain, String id) throws MtaStsException {
        String policyHost = "mta-sts." + domain;
        URI uri = URI.create("https://" + policyAuthority.apply(policyHost) + WELL_KNOWN_PATH);
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(timeout).GET()
                .header("Accept", "text/plain").build();
        HttpResponse<InputStream> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            throw new MtaStsException("could not fetch the MTA-STS policy of " + domain + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MtaStsException("interrupted while fetching the MTA-STS policy of " + domain);
        }
        byte[] body;
        try (InputStream in = response.body()) {
            if (response.statusCode() != 200) {
                throw new MtaStsException("the MTA-STS policy of " + domain + " answered HTTP " + response.statusCode());
            }
            // RFC 8461 §3.2: the policy is served as text/plain
            String contentType = response.headers().firstValue("Content-Type").orElse("");
            if (!contentType.toLowerCase(Locale.ROOT).strip().startsWith("text/plain")) {
                throw new MtaStsException("the MTA-STS policy of " + domain + " is not text/plain");
            }
            // RFC 8461 §3.3: the certificate must be valid for the policy host (RFC 6125)
            checkCertificate(response.sslSession(), policyHost);
            body = in.readNBytes(MAX_POLICY_BYTES + 1);
        } catch (IOException e) {
            throw new MtaStsException("could not read the MTA-STS policy of " + domain + ": " + e.getMessage(), e);
        }
        if (body.length > MAX_POLICY_BYTES) {
            throw new MtaStsException("the MTA-STS policy of " + domain + " is larger than " + MAX_POLICY_BYTES + " bytes");
        }
        return MtaStsParser.parsePolicy(id, new String(body, StandardCharsets.US_ASCII));
    }

    @Override
    public void close() {
        http.close();
    }

    private synchronized Optional<MtaStsPolicy> cached(String domain) {
        Cached entry = cache.get(domain);
        if (entry == null) {
            return Optional.empty();
        }
        if (!clock.instant().isBefore(entry.expires())) {
            cache.remove(domain);
            return Optional.empty();
        }
        return Optional.of(entry.policy());
    }

    private synchronized void store(String domain, MtaStsPolicy policy) {
        // RFC 8461 §3.2: a policy is cached for max_age from when it was fetched
        cache.put(domain, new Cached(policy, clock.instant().plus(policy.maxAge())));
    }

    private static void checkCertificate(Optional<SSLSession> session, String host) throws MtaStsException {
        try {
            Certificate[] chain = session.orElseThrow(() -> new MtaStsException("the policy was not fetched over TLS"))
                    .getPeerCertificates();
            if (chain.length == 0 || !(chain[0] instanceof X509Certificate leaf)) {
                throw new MtaStsException("the policy server sent no X.509 certificate");
            }
            if (!certificateNames(leaf).stream().anyMatch(name -> hostMatches(name, host))) {
                throw new MtaStsException("the policy server's certificate is not valid for " + host);
            }
        } catch (javax.net.ssl.SSLPeerUnverifiedException | CertificateParsingException e) {
            throw new MtaStsException("the policy server's certificate could not be checked: " + e.getMessage(), e);
        }
    }

    private static List<String> certificateNames(X509Certificate certificate) throws CertificateParsingException {
        var names = certificate.getSubjectAlternativeNames();
        if (names == null) {
            return List.of();
        }
        // GeneralName type 2 is dNSName (RFC 5280 §4.2.1.6)
        return names.stream().filter(n -> (Integer) n.get(0) == 2).map(n -> (String) n.get(1)).toList();
    }

    /** RFC 6125 §6.4.3: a DNS name matches exactly, or a "*." name matches one left-most label. */
    static boolean hostMatches(String certificateName, String host) {
        String name = certificateName.toLowerCase(Locale.ROOT);
        String h = host.toLowerCase(Locale.ROOT);
        if (name.startsWith("*.")) {
            int dot = h.indexOf('.');
            return dot > 0 && h.substring(dot + 1).equals(name.substring(2));
        }
        return name.equals(h);
    }

    /** Settings for {@link MtaStsPolicies}. */
    public static final class Builder {
        private final DnsResolver dns;
        private SSLContext sslContext;
        private Duration timeout = DEFAULT_TIMEOUT;
        private UnaryOperator<String> policyAuthority = UnaryOperator.identity();
        private Clock clock = Clock.systemUTC();
        private int cacheSize = DEFAULT_CACHE_SIZE;

        private Builder(DnsResolver dns) {
            this.dns = dns;
        }

        /** The TLS context whose trust store validates policy servers; the JDK default otherwise. */
        public Builder sslContext(SSLContext value) {
            sslContext = value;
            return this;
        }

        /** For connecting and for the whole fetch. */
        public Builder timeout(Duration value) {
            timeout = value;
            return this;
        }

        /**
         * Where to connect for a policy host ({@code mta-sts.DOMAIN}): "host" or "host:port". The
         * identity by default; tests map the policy host to 127.0.0.1 and an ephemeral port. The
         * certificate must still name the policy host.
         */
        public Builder policyAuthority(UnaryOperator<String> value) {
            policyAuthority = value;
            return this;
        }

        public Builder clock(Clock value) {
            clock = value;
            return this;
        }

        /** How many domains' policies to keep. */
        public Builder cacheSize(int entries) {
            cacheSize = entries;
            return this;
        }

        public MtaStsPolicies build() {
            if (sslContext == null) {
                try {
                    sslContext = SSLContext.getDefault();
                } catch (NoSuchAlgorithmException e) {
                    throw new IllegalStateException("the JDK has no default TLS context", e);
                }
            }
            return new MtaStsPolicies(this);
        }
    }
}
