package dev.coffer.dns;

import java.net.InetAddress;
import java.util.List;
import java.util.Optional;

/** What outbound delivery needs to know about a recipient domain, from DNS and MTA-STS. */
public interface MailRouting {

    /**
     * RFC 5321 §5.1: the domain's MX hosts, most preferred first; the domain itself as an
     * implicit MX when it has no MX but has A/AAAA; {@link MxLookup#nullMx()} for a null MX
     * (RFC 7505), which means the domain accepts no mail.
     */
    MxLookup mx(String domain) throws DnsException;

    /** The A and AAAA addresses of a host. */
    List<InetAddress> addresses(String host) throws DnsException;

    /** The TLSA records at {@code _port._tcp.host} (RFC 7672 §2.2), with whether DNSSEC validated them. */
    TlsaLookup tlsa(String host, int port) throws DnsException;

    /**
     * The domain's MTA-STS policy (RFC 8461): the {@code _mta-sts} TXT record, then the policy
     * fetched over HTTPS from {@code mta-sts.DOMAIN}; cached for its max_age. Empty when the
     * domain publishes none.
     */
    Optional<MtaStsPolicy> mtaStsPolicy(String domain) throws DnsException;
}
