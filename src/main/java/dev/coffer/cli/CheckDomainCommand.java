package dev.coffer.cli;

import dev.coffer.config.CofferConfig;
import dev.coffer.config.ConfigException;
import dev.coffer.config.ConfigLoader;
import dev.coffer.config.ListenAddress;
import dev.coffer.dns.DnsResolver;
import dev.coffer.dns.ExpectedRecords;
import dev.coffer.dns.check.CheckTrust;
import dev.coffer.dns.check.DomainAudit;
import dev.coffer.dns.check.Finding;
import dev.coffer.dns.check.FindingsReport;
import dev.coffer.dns.check.PolicyFetch;
import dev.coffer.dns.check.TlsProber;
import dev.coffer.dns.check.ValidatedLookups;
import dev.coffer.server.HostPublication;
import dev.coffer.store.Store;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code coffer check-domain DOMAIN}: the self-audit of a mail domain's DNS and TLS (docs/check-domain.md). */
@Command(name = "check-domain", description = "Check a mail domain's DNSSEC, MX, SPF, DKIM, DMARC, MTA-STS, TLS-RPT,"
        + " DANE, CAA and TLS listeners; exits 1 when a check fails.")
final class CheckDomainCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    DataDirOption data;

    @Parameters(paramLabel = "DOMAIN")
    String domain;

    @Option(names = "--json", description = "Print the findings as JSON.")
    boolean json;

    @Option(names = "--resolver", paramLabel = "HOST:PORT",
            description = "A recursive resolver to ask (repeatable); default: [dns] resolver of the data directory's"
                    + " coffer.toml if there is one, else /etc/resolv.conf.")
    List<String> resolvers = new ArrayList<>();

    @Option(names = "--trust-anchors", paramLabel = "FILE",
            description = "DS or DNSKEY records to trust instead of the root zone's (test zones); default:"
                    + " [dns] trust_anchors of the data directory's coffer.toml if set.")
    Path trustAnchors;

    @Option(names = "--port", paramLabel = "SERVICE=N",
            description = "Probe SERVICE (smtp, submissions, imaps, https) on port N; https also moves the MTA-STS policy fetch.")
    Map<String, Integer> ports = new LinkedHashMap<>();

    @Option(names = "--ca-file", paramLabel = "PEM",
            description = "Also trust these CA certificates (repeatable), e.g. a private or test CA.")
    List<Path> caFiles = new ArrayList<>();

    @Option(names = "--dkim-selector", paramLabel = "NAME",
            description = "A DKIM selector to check (repeatable); default: the hosted domain's, else common ones.")
    List<String> dkimSelectors = new ArrayList<>();

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "10",
            description = "Per DNS query and per connection (default: ${DEFAULT-VALUE}).")
    int timeoutSeconds;

    @Override
    public Integer call() throws Exception {
        for (String service : ports.keySet()) {
            if (!DomainAudit.DEFAULT_PORTS.containsKey(service)) {
                throw new ParameterException(spec.commandLine(), "--port: unknown service " + service
                        + " (choose from " + String.join(", ", DomainAudit.SERVICES) + ")");
            }
        }
        if (timeoutSeconds < 1 || timeoutSeconds > 120) {
            throw new ParameterException(spec.commandLine(), "--timeout must be 1 to 120 seconds");
        }
        // Before any TLS use: the probes must be able to offer TLS 1.0/1.1 and weak suites to catch servers accepting them.
        TlsProber.allowLegacyProbes();
        Duration timeout = Duration.ofSeconds(timeoutSeconds);
        DnsResolver.Builder resolver = DnsResolver.builder().timeout(timeout);
        CofferConfig.Dns configured = Files.exists(data.path().resolve("coffer.toml"))
                ? ConfigLoader.load(data.path()).dns() : null;
        if (resolvers.isEmpty() && configured != null && !configured.resolver().isEmpty()) {
            resolvers.add(configured.resolver());
        }
        for (String address : resolvers) {
            resolver.servers(ListenAddress.parse(address));
        }
        if (trustAnchors == null && configured != null && !configured.trustAnchors().isEmpty()) {
            trustAnchors = data.path().resolve(configured.trustAnchors());
        }
        if (trustAnchors != null) {
            resolver.trustAnchors(Files.readString(trustAnchors));
        }
        ValidatedLookups lookups = new ValidatedLookups(resolver.build());
        CheckTrust trust = CheckTrust.of(caFiles);
        try (HostedRecords hosted = HostedRecords.of(data.path())) {
            DomainAudit audit = new DomainAudit(lookups, new PolicyFetch(trust.manager(), timeout), new TlsProber(timeout),
                    trust.manager(), hosted.expected(), ports, dkimSelectors, Clock.systemUTC());
            List<Finding> findings = audit.audit(domain);
            System.out.print(json ? FindingsReport.json(domain, findings) : FindingsReport.text(domain, findings));
            return DomainAudit.anyFailed(findings) ? 1 : 0;
        }
    }

    /**
     * The records the domains hosted in the data directory should publish ({@code coffer domain dns}),
     * compared one by one; without a data directory every domain is checked as one hosted elsewhere.
     */
    private record HostedRecords(ExpectedRecords expected, Store store) implements AutoCloseable {

        static HostedRecords of(Path dataDir) throws IOException, ConfigException {
            if (!Files.exists(dataDir.resolve("coffer.toml"))) {
                return new HostedRecords(domain -> List.of(), null);
            }
            CofferConfig config = ConfigLoader.load(dataDir);
            Store store = Store.open(dataDir);
            try {
                return new HostedRecords(HostPublication.domainRecords(dataDir, config, store), store);
            } catch (IOException | RuntimeException e) {
                store.close();
                throw e;
            }
        }

        @Override
        public void close() {
            if (store != null) {
                store.close();
            }
        }
    }
}
