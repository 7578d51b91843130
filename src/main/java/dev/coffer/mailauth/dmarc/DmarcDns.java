package dev.coffer.mailauth.dmarc;

import java.util.List;
import java.util.Optional;

/**
 * Where DMARC gets its TXT records: the DNS in production ({@code dev.coffer.dns.DnsDmarcLookup}),
 * a map in tests. Policy records live at {@code _dmarc.DOMAIN} (RFC 7489 §6.1), report
 * authorisations at {@code DOMAIN._report._dmarc.RUA-DOMAIN} (§7.1).
 */
@FunctionalInterface
public interface DmarcDns {

    /**
     * The TXT records at {@code name}, each one's character-strings joined without separator.
     *
     * @return empty if the name does not exist or has no TXT record (NXDOMAIN, NODATA)
     * @throws DmarcDnsException on a temporary failure (timeout, SERVFAIL): a temperror
     */
    Optional<List<String>> txt(String name) throws DmarcDnsException;
}
