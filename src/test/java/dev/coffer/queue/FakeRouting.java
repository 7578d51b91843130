package dev.coffer.queue;

import dev.coffer.dns.DnsException;
import dev.coffer.dns.MailRouting;
import dev.coffer.dns.MtaStsPolicy;
import dev.coffer.dns.MxLookup;
import dev.coffer.dns.TlsaLookup;
import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** DNS as a test wants it: every host is the loopback address unless told otherwise. */
final class FakeRouting implements MailRouting {

    final Map<String, MxLookup> mx = new ConcurrentHashMap<>();
    final Map<String, DnsException> mxErrors = new ConcurrentHashMap<>();
    final Map<String, TlsaLookup> tlsa = new ConcurrentHashMap<>();
    final Map<String, MtaStsPolicy> sts = new ConcurrentHashMap<>();

    /** {@code domain} has the one MX {@code host}, DNSSEC-validated or not. */
    FakeRouting route(String domain, String host, boolean dnssecValid) {
        mx.put(domain, new MxLookup(List.of(new MxLookup.MxHost(host, 10, false)), false, dnssecValid));
        return this;
    }

    @Override
    public MxLookup mx(String domain) throws DnsException {
        DnsException error = mxErrors.get(domain);
        if (error != null) {
            throw error;
        }
        MxLookup found = mx.get(domain);
        if (found == null) {
            throw new DnsException("NXDOMAIN " + domain, false);
        }
        return found;
    }

    @Override
    public List<InetAddress> addresses(String host) {
        return List.of(InetAddress.getLoopbackAddress());
    }

    @Override
    public TlsaLookup tlsa(String host, int port) {
        return tlsa.getOrDefault(host, new TlsaLookup(List.of(), true));
    }

    @Override
    public Optional<MtaStsPolicy> mtaStsPolicy(String domain) {
        return Optional.ofNullable(sts.get(domain));
    }
}
