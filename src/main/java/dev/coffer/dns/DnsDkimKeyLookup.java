package dev.coffer.dns;

import dev.coffer.mailauth.dkim.DkimKeyLookup;
import dev.coffer.mailauth.dkim.DkimKeyLookupException;
import java.util.List;
import java.util.Optional;

/** DKIM key records from the DNS: the TXT record at {@code selector._domainkey.domain}. */
public final class DnsDkimKeyLookup implements DkimKeyLookup {

    private final DnsResolver dns;

    public DnsDkimKeyLookup(DnsResolver dns) {
        this.dns = dns;
    }

    @Override
    public Optional<String> txtRecord(String selector, String domain) throws DkimKeyLookupException {
        String name = selector + "._domainkey." + domain;
        Optional<List<String>> records;
        try {
            records = dns.txt(name);
        } catch (DnsException e) {
            if (e.isTemporary()) {
                // RFC 6376 §6.1.2: a DNS failure other than "no such record" is a TEMPFAIL
                throw new DkimKeyLookupException(e.getMessage(), e);
            }
            return Optional.empty();
        }
        // RFC 6376 §3.6.2.2: TXT RRs MUST be unique for a selector; with several the result is
        // undefined, so none is trusted and the verifier reports "no key" (a permerror).
        if (records.isEmpty() || records.get().size() != 1) {
            return Optional.empty();
        }
        return Optional.of(records.get().getFirst());
    }
}
