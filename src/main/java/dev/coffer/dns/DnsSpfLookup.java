package dev.coffer.dns;

import dev.coffer.mailauth.spf.SpfDns;
import dev.coffer.mailauth.spf.SpfDnsException;
import java.net.InetAddress;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.PTRRecord;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/**
 * SPF's lookups (RFC 7208 §4.4, §5) through the {@link DnsResolver}: NXDOMAIN and NODATA are
 * empty lists ("void lookups", RFC 7208 §4.6.4), a temporary failure is an {@link SpfDnsException}
 * (a temperror), and a name the DNS cannot carry (e.g. an over-long label) has no records.
 */
public final class DnsSpfLookup implements SpfDns {

    private final DnsResolver dns;

    public DnsSpfLookup(DnsResolver dns) {
        this.dns = dns;
    }

    @Override
    public List<String> txt(String name) throws SpfDnsException {
        try {
            // RFC 7208 §3.3: the character-strings of one TXT record are joined without separator
            Optional<List<String>> texts = dns.txt(name);
            return texts.orElse(List.of());
        } catch (DnsException e) {
            return noRecordsUnlessTemporary(e, List.of());
        }
    }

    @Override
    public List<InetAddress> a(String name) throws SpfDnsException {
        return records(name, Type.A, ARecord.class).stream().map(ARecord::getAddress).toList();
    }

    @Override
    public List<InetAddress> aaaa(String name) throws SpfDnsException {
        return records(name, Type.AAAA, AAAARecord.class).stream().map(AAAARecord::getAddress).toList();
    }

    @Override
    public List<String> mx(String name) throws SpfDnsException {
        return records(name, Type.MX, MXRecord.class).stream()
                .sorted(Comparator.comparingInt(MXRecord::getPriority))
                .map(mx -> mx.getTarget().toString(true))
                .map(target -> target.equals(".") ? "" : target) // RFC 7505 null MX: the root
                .toList();
    }

    @Override
    public List<String> ptr(String name) throws SpfDnsException {
        return records(name, Type.PTR, PTRRecord.class).stream().map(ptr -> ptr.getTarget().toString(true)).toList();
    }

    private <T extends Record> List<T> records(String name, int type, Class<T> recordClass) throws SpfDnsException {
        try {
            return dns.lookup(name, type).records(recordClass);
        } catch (DnsException e) {
            return noRecordsUnlessTemporary(e, List.of());
        }
    }

    private static <T> List<T> noRecordsUnlessTemporary(DnsException e, List<T> none) throws SpfDnsException {
        if (e.isTemporary()) {
            throw new SpfDnsException(e.getMessage(), e);
        }
        return none;
    }
}
