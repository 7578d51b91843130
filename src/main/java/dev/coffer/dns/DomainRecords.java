package dev.coffer.dns;

import dev.coffer.account.DomainDkimKeys;
import dev.coffer.account.Domains;
import dev.coffer.store.Domain;
import dev.coffer.store.Store;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Every record a hosted domain publishes so that mail to and from it works, is authenticated and
 * travels over verified TLS, and so that mail clients find their settings: what {@code coffer domain dns}
 * prints and what {@code coffer check-domain} compares DNS against. Reports go to
 * {@code postmaster@DOMAIN}, an address in the domain itself, so no external-destination record
 * (RFC 7489 §7.1) is needed.
 */
public final class DomainRecords implements ExpectedRecords {

    static final int TTL = 3600;

    private final PublishedHost host;
    private final Store store;
    private final DomainDkimKeys dkimKeys;

    public DomainRecords(PublishedHost host, Store store, DomainDkimKeys dkimKeys) {
        this.host = host;
        this.store = store;
        this.dkimKeys = dkimKeys;
    }

    @Override
    public List<DnsRecord> expected(String domainName) {
        Optional<Domain> domain = store.domains().find(Domains.normalize(domainName));
        if (domain.isEmpty()) {
            return List.of();
        }
        String name = domain.get().name();
        String target = host.hostname() + ".";
        String reports = "mailto:postmaster@" + name;
        List<DnsRecord> records = new ArrayList<>();
        // RFC 5321 §5.1: mail for the domain goes to the host its MX names.
        records.add(new DnsRecord(name, "MX", "10 " + target, "mail for " + name + " is received by " + host.hostname()));
        // RFC 7208 §5.4, §5.1: only the MX hosts send for the domain; everything else fails.
        records.add(new DnsRecord(name, "TXT", "v=spf1 mx -all", "SPF: only the MX host sends mail for the domain"));
        for (DomainDkimKeys.DnsRecord key : dkimKeys.dnsRecords(domain.get())) {
            // RFC 6376 §3.6.2.2: the key record at SELECTOR._domainkey.DOMAIN.
            records.add(new DnsRecord(key.name(), "TXT", key.value(), key.active()
                    ? "DKIM public key (" + algorithm(key.value()) + "); outgoing mail is signed with it"
                    : "retired DKIM key; remove it once mail signed with it has been delivered"));
        }
        // RFC 7489 §6.3: reject what fails DMARC; aggregate reports to an address received here.
        records.add(new DnsRecord("_dmarc." + name, "TXT", "v=DMARC1; p=reject; rua=" + reports,
                "DMARC: receivers reject mail that fails SPF and DKIM alignment, and report to postmaster"));
        mtaSts(name, records);
        // RFC 8460 §3: where senders report TLS failures.
        records.add(new DnsRecord("_smtp._tls." + name, "TXT", "v=TLSRPTv1; rua=" + reports,
                "TLS-RPT: senders report TLS failures to postmaster"));
        tlsa(records);
        caa(name, reports, records);
        srv(name, target, records);
        // draft-koch-openpgp-webkey-service §3.1: the advanced method's host serves the domain's keys.
        alias("openpgpkey." + name, "WKD: mail clients find users' OpenPGP keys", records);
        alias("autoconfig." + name, "Thunderbird autoconfiguration", records);
        alias("autodiscover." + name, "Outlook autodiscover", records);
        records.add(new DnsRecord("_autodiscover._tcp." + name, "SRV",
                host.port("https").map(port -> "0 1 " + port + " " + target).orElse("0 0 0 ."),
                "Outlook autodiscover over HTTPS"));
        return List.copyOf(records);
    }

    private void mtaSts(String name, List<DnsRecord> records) {
        // RFC 8461 §3.1: the id changes whenever the policy does, so senders fetch it again.
        records.add(new DnsRecord("_mta-sts." + name, "TXT", host.mtaStsTxt(),
                "MTA-STS: a policy exists, with this id"));
        // RFC 8461 §3.2: the policy is served at https://mta-sts.DOMAIN/.well-known/mta-sts.txt.
        alias("mta-sts." + name, "MTA-STS: the host serving the policy", records);
    }

    /** A service name that leads to this host; none when it is the host name (RFC 1034 §3.6.2: no other data beside a CNAME). */
    private void alias(String owner, String purpose, List<DnsRecord> records) {
        if (!owner.equals(host.hostname())) {
            records.add(new DnsRecord(owner, "CNAME", host.hostname() + ".", purpose));
        }
    }

    /** RFC 7671 §5.1 and RFC 7672 §3.1.1: "3 1 1" pins the key, so a renewed certificate with the same key still matches. */
    private void tlsa(List<DnsRecord> records) {
        List<Integer> ports = new ArrayList<>();
        // RFC 7672 §3: senders look up _25._tcp of the MX host, whatever port the listener binds.
        host.port("smtp").ifPresent(port -> ports.add(25));
        host.port("submissions").ifPresent(ports::add);
        host.port("imaps").ifPresent(ports::add);
        for (int port : ports) {
            for (PublishedHost.TlsKey key : host.tlsKeys()) {
                records.add(new DnsRecord("_" + port + "._tcp." + host.hostname(), "TLSA", "3 1 1 " + key.sha256(),
                        "DANE: the " + key.role() + " TLS key on port " + port));
            }
        }
    }

    private void caa(String name, String reports, List<DnsRecord> records) {
        if (host.caaIssuer().isEmpty()) {
            return;
        }
        // RFC 8659 §4.2 issue, RFC 8657 §3 accounturi: only this CA, and only for Coffer's ACME account.
        String issue = host.caaIssuer() + host.acmeAccount().map(uri -> "; accounturi=" + uri).orElse("");
        records.add(new DnsRecord(name, "CAA", "0 issue \"" + issue + "\"",
                "CAA: only " + host.caaIssuer() + " may issue certificates for the domain"));
        // RFC 8659 §4.3: an issuewild of ";" forbids wildcard certificates; Coffer needs none.
        records.add(new DnsRecord(name, "CAA", "0 issuewild \";\"", "CAA: no CA may issue wildcard certificates"));
        // RFC 8659 §4.4: where CAs report refused requests.
        records.add(new DnsRecord(name, "CAA", "0 iodef \"" + reports + "\"",
                "CAA: CAs report refused certificate requests to postmaster"));
    }

    /**
     * RFC 6186 §3 and RFC 8314 §5.1: where clients submit and read mail; implicit TLS gets the lower
     * (preferred) priority, and a service that is off is "0 0 0 ." (RFC 2782: decidedly not available).
     */
    private void srv(String name, String target, List<DnsRecord> records) {
        srv(name, target, "submissions", "submissions", 0, "mail submission over implicit TLS", records);
        srv(name, target, "submission", "submission", 10, "mail submission with STARTTLS", records);
        srv(name, target, "imaps", "imaps", 0, "IMAP over implicit TLS", records);
        srv(name, target, "imap", "imap", 10, "IMAP with STARTTLS", records);
        srv(name, target, "pop3s", "pop3s", 0, "POP3 over implicit TLS", records);
        srv(name, target, "pop3", "pop3", 10, "POP3 with STARTTLS", records);
    }

    private void srv(String name, String target, String service, String listener, int priority, String what,
                     List<DnsRecord> records) {
        Optional<Integer> port = host.port(listener);
        records.add(new DnsRecord("_" + service + "._tcp." + name, "SRV",
                port.map(p -> priority + " 1 " + p + " " + target).orElse("0 0 0 ."),
                port.isPresent() ? what : what + ": not offered"));
    }

    private static String algorithm(String dkimValue) {
        return dkimValue.contains("k=ed25519") ? "Ed25519" : "RSA";
    }
}
