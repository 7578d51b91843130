package dev.coffer.dns.check;

import dev.coffer.dns.DnsRecord;
import dev.coffer.dns.ExpectedRecords;
import dev.coffer.dns.MtaStsException;
import dev.coffer.dns.TlsaLookup.TlsaRecord;
import java.net.InetAddress;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.net.ssl.X509TrustManager;
import org.xbill.DNS.SRVRecord;
import org.xbill.DNS.Type;

/**
 * {@code coffer check-domain}: every check of a mail domain, in order — DNSSEC, MX, SPF, DKIM,
 * DMARC, MTA-STS, TLS-RPT, TLSA per MX, CAA, each TLS listener, and for hosted domains every
 * expected record. Works for any domain; all DNS goes through the validating resolver.
 */
public final class DomainAudit {

    /** The services probed and their standard ports (RFC 5321, RFC 8314 §3.3 and §7.3, RFC 9110). */
    public static final Map<String, Integer> DEFAULT_PORTS = Map.of("smtp", 25, "submissions", 465, "imaps", 993, "https", 443);
    /** The services of {@link #DEFAULT_PORTS}, in the order they are probed. */
    public static final List<String> SERVICES = List.of("smtp", "submissions", "imaps", "https");
    /** RFC 8314 §5.1 / RFC 6186 §3: where a domain's client services are, when it says. */
    private static final Map<String, String> SRV_NAMES = Map.of("submissions", "_submissions._tcp.", "imaps", "_imaps._tcp.");

    private final ValidatedLookups dns;
    private final PolicyFetch policyFetch;
    private final TlsProber prober;
    private final X509TrustManager trust;
    private final ExpectedRecords expected;
    private final Map<String, Integer> ports;
    private final List<String> dkimSelectors;
    private final Clock clock;

    /**
     * @param ports          overrides of {@link #DEFAULT_PORTS} (tests); https also applies to the MTA-STS fetch
     * @param dkimSelectors  selectors to check when the domain is not hosted here; empty: try common ones
     */
    public DomainAudit(ValidatedLookups dns, PolicyFetch policyFetch, TlsProber prober, X509TrustManager trust,
                       ExpectedRecords expected, Map<String, Integer> ports, List<String> dkimSelectors, Clock clock) {
        this.dns = dns;
        this.policyFetch = policyFetch;
        this.prober = prober;
        this.trust = trust;
        this.expected = expected;
        Map<String, Integer> merged = new LinkedHashMap<>(DEFAULT_PORTS);
        merged.putAll(ports);
        this.ports = Map.copyOf(merged);
        this.dkimSelectors = List.copyOf(dkimSelectors);
        this.clock = clock;
    }

    public List<Finding> audit(String domainName) {
        String domain = ValidatedLookups.bare(domainName);
        List<DnsRecord> hosted = expected.expected(domain);
        List<Finding> findings = new ArrayList<>();
        findings.add(DnssecCheck.check(domain, dns.soa(domain)));

        Lookup<MxHost> mx = dns.mx(domain);
        List<MxHost> mxHosts = mx.records().stream().filter(r -> !r.host().isEmpty())
                .sorted(Comparator.comparingInt(MxHost::preference)).toList();
        Map<String, Lookup<InetAddress>> mxAddresses = new LinkedHashMap<>();
        Map<String, Lookup<String>> mxAddressText = new LinkedHashMap<>();
        for (MxHost host : mxHosts) {
            Lookup<InetAddress> addresses = dns.addressList(host.host());
            mxAddresses.put(host.host(), addresses);
            mxAddressText.put(host.host(), addresses.map(InetAddress::getHostAddress));
        }
        findings.add(MxCheck.check(domain, mx, mxAddressText));
        findings.add(SpfCheck.check(domain, dns.txt(domain)));
        findings.add(dkim(domain, hosted));
        findings.add(DmarcCheck.check(domain, dns.txt("_dmarc." + domain)));
        findings.add(mtaSts(domain, mxHosts));
        findings.add(TlsRptCheck.check(domain, dns.txt("_smtp._tls." + domain)));

        Map<String, ListenerProbe> smtpProbes = new LinkedHashMap<>();
        for (MxHost host : mxHosts) {
            ListenerProbe probe = probe("smtp", host.host(), mxAddresses.get(host.host()), ports.get("smtp"));
            smtpProbes.put(host.host(), probe);
            Lookup<TlsaRecord> tlsa = dns.tlsa(host.host(), 25);
            List<X509Certificate> chain = probe.error() == null ? probe.chain() : null;
            findings.add(TlsaCheck.check(host.host(), tlsa, chain, probe.error()));
        }
        findings.add(CaaCheck.check(domain, dns.records(domain, Type.CAA)));

        String primary = mxHosts.isEmpty() ? domain : mxHosts.getFirst().host();
        for (ListenerProbe probe : smtpProbes.values()) {
            findings.addAll(ListenerCheck.check(probe, trust, clock.instant()));
        }
        for (String service : List.of("submissions", "imaps")) {
            findings.addAll(clientService(domain, service, primary));
        }
        findings.addAll(ListenerCheck.check(httpsProbe(domain, primary), trust, clock.instant()));

        for (DnsRecord record : hosted) {
            int type = Type.value(record.type());
            findings.add(ExpectedRecordsCheck.check(record, type < 0
                    ? Lookup.failed("unknown record type " + record.type(), false) : dns.records(record.name(), type)));
        }
        return findings;
    }

    private Finding dkim(String domain, List<DnsRecord> hosted) {
        List<String> selectors = hosted.stream().filter(r -> r.type().equalsIgnoreCase("TXT") && r.name().contains("._domainkey."))
                .map(r -> r.name().substring(0, r.name().indexOf("._domainkey."))).distinct().toList();
        boolean known = !selectors.isEmpty() || !dkimSelectors.isEmpty();
        if (selectors.isEmpty()) {
            selectors = dkimSelectors.isEmpty() ? DkimCheck.COMMON_SELECTORS : dkimSelectors;
        }
        Map<String, Lookup<String>> lookups = new LinkedHashMap<>();
        for (String selector : selectors) {
            lookups.put(selector, dns.txt(selector + "._domainkey." + domain));
        }
        return DkimCheck.check(domain, known, lookups);
    }

    private Finding mtaSts(String domain, List<MxHost> mxHosts) {
        Lookup<String> txt = dns.txt("_mta-sts." + domain);
        MtaStsCheck.Fetch fetch = null;
        var id = MtaStsCheck.policyId(txt);
        if (id.isPresent()) {
            Lookup<InetAddress> policyHost = dns.addressList("mta-sts." + domain);
            if (policyHost.failed() || policyHost.records().isEmpty()) {
                fetch = MtaStsCheck.Fetch.failed("mta-sts." + domain + " has no address"
                        + (policyHost.failed() ? " (" + policyHost.error() + ")" : ""));
            } else {
                try {
                    fetch = MtaStsCheck.Fetch.of(policyFetch.fetch(domain, id.get(), policyHost.records().getFirst(), ports.get("https")));
                } catch (MtaStsException e) {
                    fetch = MtaStsCheck.Fetch.failed(e.getMessage());
                }
            }
        }
        return MtaStsCheck.check(domain, txt, fetch, mxHosts);
    }

    /**
     * The listener's findings, and when TLSA records are published for it (RFC 7671: DANE for any
     * TLS service), whether they match what it serves.
     */
    private List<Finding> clientService(String domain, String service, String fallbackHost) {
        String host = fallbackHost;
        int port = ports.get(service);
        int servicePort = DEFAULT_PORTS.get(service);
        Lookup<SRVRecord> srv = dns.srv(SRV_NAMES.get(service) + domain);
        if (!srv.failed() && !srv.records().isEmpty()) {
            SRVRecord first = srv.records().stream().min(Comparator.comparingInt(SRVRecord::getPriority)).orElseThrow();
            String target = ValidatedLookups.bare(first.getTarget().toString());
            // RFC 6186 §4: a target of "." means the service is not offered
            if (target.isEmpty() || target.equals(".")) {
                return ListenerCheck.check(ListenerProbe.failed(service, domain, port,
                        "the SRV record says the service is not offered", true), trust, clock.instant());
            }
            host = target;
            servicePort = first.getPort();
            if (port == DEFAULT_PORTS.get(service)) {
                port = servicePort;
            }
        }
        ListenerProbe probe = probe(service, host, dns.addressList(host), port);
        List<Finding> findings = new ArrayList<>(ListenerCheck.check(probe, trust, clock.instant()));
        Lookup<TlsaRecord> tlsa = dns.tlsa(host, servicePort);
        if (tlsa.failed() || !tlsa.records().isEmpty()) {
            findings.add(TlsaCheck.check(host, servicePort, tlsa, probe.error() == null ? probe.chain() : null, probe.error()));
        }
        return findings;
    }

    /** The HTTPS listener that serves the MTA-STS policy when there is one, else the primary MX host's. */
    private ListenerProbe httpsProbe(String domain, String primary) {
        String policyHost = "mta-sts." + domain;
        Lookup<InetAddress> policyAddresses = dns.addressList(policyHost);
        if (!policyAddresses.failed() && !policyAddresses.records().isEmpty()) {
            return probe("https", policyHost, policyAddresses, ports.get("https"));
        }
        return probe("https", primary, dns.addressList(primary), ports.get("https"));
    }

    private ListenerProbe probe(String service, String host, Lookup<InetAddress> addresses, int port) {
        if (addresses == null || addresses.failed() || addresses.records().isEmpty()) {
            return ListenerProbe.failed(service, host, port, "the host has no address"
                    + (addresses != null && addresses.failed() ? " (" + addresses.error() + ")" : ""), true);
        }
        return prober.probe(service, host, addresses.records().getFirst(), port, service.equals("smtp"));
    }

    /** True when any finding failed: the command's exit code. */
    public static boolean anyFailed(List<Finding> findings) {
        return findings.stream().anyMatch(f -> f.verdict() == Verdict.FAIL);
    }
}
