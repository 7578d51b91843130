package dev.coffer.dns;

import dev.coffer.mailauth.dmarc.DmarcDns;
import dev.coffer.mailauth.dmarc.DmarcDnsException;
import java.util.List;
import java.util.Optional;

/** DMARC's TXT records from the DNS: {@code _dmarc.DOMAIN} and {@code DOMAIN._report._dmarc.RUA-DOMAIN}. */
public final class DnsDmarcLookup implements DmarcDns {

    private final DnsResolver dns;

    public DnsDmarcLookup(DnsResolver dns) {
        this.dns = dns;
    }

    @Override
    public Optional<List<String>> txt(String name) throws DmarcDnsException {
        try {
            return dns.txt(name);
        } catch (DnsException e) {
            if (e.isTemporary()) {
                // RFC 7489 §6.6.3: a transient DNS error is not "no record"; the result is a temperror
                throw new DmarcDnsException(e.getMessage(), e);
            }
            // a name that cannot exist (an invalid From domain) holds no record
            return Optional.empty();
        }
    }
}
