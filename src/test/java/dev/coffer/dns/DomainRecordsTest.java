package dev.coffer.dns;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coffer.account.AccountService;
import dev.coffer.account.DomainDkimKeys;
import dev.coffer.mailauth.dkim.DkimKeys;
import dev.coffer.store.Domain;
import dev.coffer.store.Store;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The records {@code coffer domain dns} prints for a hosted domain, each in its RFC's exact form. */
class DomainRecordsTest {

    private static final String CURRENT = "a".repeat(64);
    private static final String NEXT = "b".repeat(64);
    private static final URI ACCOUNT = URI.create("https://ca.example/acct/123456");

    @TempDir
    Path dir;
    Store store;
    Domain domain;
    DomainDkimKeys dkim;

    @BeforeEach
    void open() throws Exception {
        store = Store.open(dir);
        domain = new AccountService(store).addDomain("example.org");
        dkim = new DomainDkimKeys(store, Clock.systemUTC());
    }

    @AfterEach
    void close() {
        store.close();
    }

    private static Map<String, Integer> standardPorts() {
        Map<String, Integer> ports = new LinkedHashMap<>();
        ports.put("smtp", 25);
        ports.put("submissions", 465);
        ports.put("submission", 587);
        ports.put("imap", 143);
        ports.put("imaps", 993);
        ports.put("pop3", 110);
        ports.put("pop3s", 995);
        ports.put("https", 443);
        return ports;
    }

    private static PublishedHost host(Map<String, Integer> ports, List<PublishedHost.TlsKey> keys, String issuer,
                                      Optional<URI> account) {
        return new PublishedHost("mx.example.org", ports, "v=STSv1; id=0123456789abcdef", keys, issuer, account);
    }

    private List<DnsRecord> records(PublishedHost host) {
        return new DomainRecords(host, store, dkim).expected("example.org");
    }

    private List<DnsRecord> standard() {
        return records(host(standardPorts(), List.of(new PublishedHost.TlsKey(CURRENT, "current")),
                "letsencrypt.org", Optional.empty()));
    }

    private static List<String> values(List<DnsRecord> records, String name, String type) {
        return records.stream().filter(r -> r.name().equals(name) && r.type().equals(type)).map(DnsRecord::value)
                .toList();
    }

    @Test
    void aDomainThatIsNotHostedHasNoRecords() {
        assertThat(new DomainRecords(host(standardPorts(), List.of(), "", Optional.empty()), store, dkim)
                .expected("example.net")).isEmpty();
    }

    @Test
    void theMxNamesTheConfiguredHostName() {
        assertThat(values(standard(), "example.org", "MX")).containsExactly("10 mx.example.org.");
    }

    @Test
    void spfAllowsOnlyTheMxHostsAndFailsEverythingElse() {
        assertThat(values(standard(), "example.org", "TXT")).containsExactly("v=spf1 mx -all");
    }

    @Test
    void bothActiveDkimKeysArePublishedUnderTheirSelectors() {
        List<DnsRecord> records = standard();

        for (DomainDkimKeys.DnsRecord key : dkim.dnsRecords(domain)) {
            assertThat(values(records, key.name(), "TXT")).containsExactly(key.value());
        }
        assertThat(records).filteredOn(r -> r.name().endsWith("._domainkey.example.org")).hasSize(2)
                .extracting(DnsRecord::value)
                .anySatisfy(value -> assertThat(value).startsWith("v=DKIM1; k=ed25519; p="))
                .anySatisfy(value -> assertThat(value).startsWith("v=DKIM1; k=rsa; p="));
        String selector = dkim.activeKey("example.org", DomainDkimKeys.ED25519).orElseThrow().selector();
        assertThat(values(records, selector + "._domainkey.example.org", "TXT")).containsExactly(
                DkimKeys.dnsRecord(dkim.activeKey("example.org", DomainDkimKeys.ED25519).orElseThrow().privateKey()));
    }

    @Test
    void retiredDkimKeysStayListedAndSaySo() {
        dkim.rotate(domain);

        List<DnsRecord> keys = standard().stream().filter(r -> r.name().contains("._domainkey.")).toList();

        assertThat(keys).hasSize(4);
        assertThat(keys).filteredOn(r -> r.purpose().startsWith("retired DKIM key")).hasSize(2);
    }

    @Test
    void dmarcRejectsAndSendsAggregateReportsToThePostmasterOfTheDomain() {
        assertThat(values(standard(), "_dmarc.example.org", "TXT"))
                .containsExactly("v=DMARC1; p=reject; rua=mailto:postmaster@example.org");
    }

    @Test
    void mtaStsAnnouncesThePolicyIdAndPointsThePolicyHostAtThisServer() {
        List<DnsRecord> records = standard();

        assertThat(values(records, "_mta-sts.example.org", "TXT")).containsExactly("v=STSv1; id=0123456789abcdef");
        assertThat(values(records, "mta-sts.example.org", "CNAME")).containsExactly("mx.example.org.");
    }

    @Test
    void tlsRptSendsReportsToThePostmasterOfTheDomain() {
        // RFC 8460 §3.1: "v=TLSRPTv1;rua=mailto:reports@example.com" (whitespace after ";" is allowed).
        assertThat(values(standard(), "_smtp._tls.example.org", "TXT"))
                .containsExactly("v=TLSRPTv1; rua=mailto:postmaster@example.org");
    }

    @Test
    void tlsaPinsTheCurrentAndTheNextKeyOnSmtpSubmissionsAndImaps() {
        List<DnsRecord> records = records(host(standardPorts(), List.of(new PublishedHost.TlsKey(CURRENT, "current"),
                new PublishedHost.TlsKey(NEXT, "next")), "letsencrypt.org", Optional.empty()));

        for (String owner : List.of("_25._tcp.mx.example.org", "_465._tcp.mx.example.org", "_993._tcp.mx.example.org")) {
            assertThat(values(records, owner, "TLSA")).containsExactly("3 1 1 " + CURRENT, "3 1 1 " + NEXT);
        }
        assertThat(records).filteredOn(r -> r.type().equals("TLSA")).hasSize(6);
    }

    @Test
    void tlsaForSmtpIsAtPort25WhateverPortTheListenerBindsAndOtherPortsAreTheListeners() {
        Map<String, Integer> ports = standardPorts();
        ports.put("smtp", 2525);
        ports.put("submissions", 4465);
        ports.remove("imaps");

        List<DnsRecord> records = records(host(ports, List.of(new PublishedHost.TlsKey(CURRENT, "current")),
                "letsencrypt.org", Optional.empty()));

        assertThat(records).filteredOn(r -> r.type().equals("TLSA")).extracting(DnsRecord::name)
                .containsExactly("_25._tcp.mx.example.org", "_4465._tcp.mx.example.org");
    }

    @Test
    void caaAllowsOnlyTheConfiguredCaAndNamesTheAcmeAccount() {
        List<DnsRecord> records = records(host(standardPorts(), List.of(), "ca.example", Optional.of(ACCOUNT)));

        // RFC 8657 §3: CAA 0 issue "ca.example; accounturi=https://ca.example/acct/123456"
        assertThat(values(records, "example.org", "CAA")).containsExactly(
                "0 issue \"ca.example; accounturi=https://ca.example/acct/123456\"",
                "0 issuewild \";\"",
                "0 iodef \"mailto:postmaster@example.org\"");
    }

    @Test
    void caaWithoutAnAcmeAccountNamesOnlyTheCa() {
        assertThat(values(standard(), "example.org", "CAA")).first().isEqualTo("0 issue \"letsencrypt.org\"");
    }

    @Test
    void noCaaRecordsWhenNoIssuerIsConfigured() {
        assertThat(records(host(standardPorts(), List.of(), "", Optional.empty())))
                .noneMatch(r -> r.type().equals("CAA"));
    }

    @Test
    void srvRecordsNameEveryMailServiceWithImplicitTlsPreferred() {
        List<DnsRecord> records = standard();

        // RFC 6186 §3.1, §3.2 and RFC 8314 §5.1, e.g. "_imaps._tcp SRV 0 1 993 mail.example.com."
        assertThat(values(records, "_submissions._tcp.example.org", "SRV")).containsExactly("0 1 465 mx.example.org.");
        assertThat(values(records, "_submission._tcp.example.org", "SRV")).containsExactly("10 1 587 mx.example.org.");
        assertThat(values(records, "_imaps._tcp.example.org", "SRV")).containsExactly("0 1 993 mx.example.org.");
        assertThat(values(records, "_imap._tcp.example.org", "SRV")).containsExactly("10 1 143 mx.example.org.");
        assertThat(values(records, "_pop3s._tcp.example.org", "SRV")).containsExactly("0 1 995 mx.example.org.");
        assertThat(values(records, "_pop3._tcp.example.org", "SRV")).containsExactly("10 1 110 mx.example.org.");
    }

    @Test
    void aServiceThatIsOffIsPublishedAsNotAvailable() {
        Map<String, Integer> ports = standardPorts();
        ports.remove("pop3");
        ports.remove("pop3s");

        List<DnsRecord> records = records(host(ports, List.of(), "", Optional.empty()));

        // RFC 2782: a target of "." means the service is decidedly not available at this domain.
        assertThat(values(records, "_pop3._tcp.example.org", "SRV")).containsExactly("0 0 0 .");
        assertThat(values(records, "_pop3s._tcp.example.org", "SRV")).containsExactly("0 0 0 .");
    }

    @Test
    void wkdAutoconfigAndAutodiscoverHostsPointAtThisServer() {
        List<DnsRecord> records = standard();

        assertThat(values(records, "openpgpkey.example.org", "CNAME")).containsExactly("mx.example.org.");
        assertThat(values(records, "autoconfig.example.org", "CNAME")).containsExactly("mx.example.org.");
        assertThat(values(records, "autodiscover.example.org", "CNAME")).containsExactly("mx.example.org.");
        assertThat(values(records, "_autodiscover._tcp.example.org", "SRV")).containsExactly("0 1 443 mx.example.org.");
    }

    @Test
    void aHostNameThatIsOneOfTheServiceNamesGetsNoCnameToItself() {
        PublishedHost host = new PublishedHost("autoconfig.example.org", standardPorts(), "v=STSv1; id=1", List.of(),
                "", Optional.empty());

        List<DnsRecord> records = records(host);

        // RFC 1034 §3.6.2: a CNAME cannot share its name with other data, nor point at itself.
        assertThat(values(records, "autoconfig.example.org", "CNAME")).isEmpty();
        assertThat(values(records, "mta-sts.example.org", "CNAME")).containsExactly("autoconfig.example.org.");
    }

    @Test
    void everyRecordSaysWhatItIsFor() {
        assertThat(standard()).allSatisfy(record -> assertThat(record.purpose()).isNotBlank());
    }
}
