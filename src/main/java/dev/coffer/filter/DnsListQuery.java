package dev.coffer.filter;

import dev.coffer.dns.DnsException;
import dev.coffer.dns.DnsResolver;
import java.net.InetAddress;
import java.util.List;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.Type;

/** The A records at one name of a DNS list; empty when the name does not exist (not listed). */
@FunctionalInterface
public interface DnsListQuery {

    List<InetAddress> addresses(String name) throws DnsException;

    static DnsListQuery over(DnsResolver resolver) {
        return name -> resolver.lookup(name, Type.A).records(ARecord.class).stream()
                .map(ARecord::getAddress)
                .toList();
    }
}
