package dev.coffer.server;

import dev.coffer.account.DomainDkimKeys;
import dev.coffer.dns.DnsDkimKeyLookup;
import dev.coffer.dns.DnsDmarcLookup;
import dev.coffer.dns.DnsResolver;
import dev.coffer.dns.DnsSpfLookup;
import dev.coffer.mailauth.ArcForwarding;
import dev.coffer.mailauth.AuthenticationResultsHeader;
import dev.coffer.mailauth.InboundAuthenticator;
import dev.coffer.mailauth.arc.ArcSealer;
import dev.coffer.mailauth.arc.ArcVerifier;
import dev.coffer.mailauth.dkim.DkimVerifier;
import dev.coffer.mailauth.dmarc.DailyDmarcReports;
import dev.coffer.mailauth.dmarc.DmarcReportLog;
import dev.coffer.mailauth.dmarc.DmarcReportMailer;
import dev.coffer.mailauth.dmarc.DmarcVerifier;
import dev.coffer.mailauth.dmarc.PublicSuffixList;
import dev.coffer.mailauth.spf.SpfVerifier;
import dev.coffer.queue.OutboundQueue;
import dev.coffer.store.Store;
import java.time.Clock;

/**
 * The checks of who sent inbound mail (SPF, DKIM, ARC, DMARC), the Authentication-Results field
 * they end in, the ARC seal of forwarded mail, and the daily DMARC aggregate reports, built from
 * the server's DNS resolver and this host's domain keys.
 *
 * @param reports null when the configuration turns DMARC reports off
 */
record MailAuthentication(InboundAuthenticator authenticator, AuthenticationResultsHeader resultsHeader,
                          ArcForwarding forwarding, DailyDmarcReports reports) {

    static MailAuthentication create(String hostname, String authservId, boolean sendReports, DnsResolver dns,
                                     Store store, DomainDkimKeys dkimKeys, OutboundQueue queue, Clock clock) {
        PublicSuffixList suffixes = PublicSuffixList.mozilla();
        DnsDmarcLookup dmarcDns = new DnsDmarcLookup(dns);
        DnsDkimKeyLookup dkimDns = new DnsDkimKeyLookup(dns);
        DmarcVerifier dmarc = new DmarcVerifier(dmarcDns, suffixes);
        ArcVerifier arc = new ArcVerifier(dkimDns, clock);
        InboundAuthenticator authenticator = new InboundAuthenticator(new SpfVerifier(new DnsSpfLookup(dns)),
                new DkimVerifier(dkimDns, clock), arc, dmarc,
                new DmarcReportLog(store.dmarcReports(), dmarc.discovery(), clock));
        // RSA: verifiers such as python3-dkim accept only rsa-sha256 in ARC.
        ArcForwarding forwarding = new ArcForwarding(arc, () -> dkimKeys.hostedDomainOf(hostname)
                .flatMap(domain -> dkimKeys.activeKey(domain, DomainDkimKeys.RSA))
                .map(key -> new ArcSealer(key.domain(), key.selector(), key.privateKey(), authservId, clock)),
                authservId);
        DailyDmarcReports reports = null;
        if (sendReports) {
            DmarcReportMailer mailer = DmarcReportMailer.builder(dmarcDns, suffixes, queue, hostname)
                    .signer(message -> dkimKeys.hostedDomainOf(hostname)
                            .map(domain -> dkimKeys.sign(domain, message)).orElse(message))
                    .clock(clock)
                    .build();
            reports = new DailyDmarcReports(store.dmarcReports(), mailer, hostname, "postmaster@" + hostname);
        }
        return new MailAuthentication(authenticator, new AuthenticationResultsHeader(authservId), forwarding, reports);
    }
}
