package dev.coffer.dns;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.random.RandomGenerator;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.TLSARecord;
import org.xbill.DNS.Type;

/** {@link MailRouting} from the DNS (through a validating {@link DnsResolver}) and MTA-STS. */
public final class DnsMailRouting implements MailRouting {

    /** The addresses of a host and whether both the A and the AAAA answers validated. */
    public record AddressLookup(List<InetAddress> addresses, Name canonicalName, boolean dnssecValid) {
        public AddressLookup {
            addresses = List.copyOf(addresses);
        }
    }

    private final DnsResolver dns;
    private final MtaStsPolicies mtaSts;
    private final RandomGenerator random;

    public DnsMailRouting(DnsResolver dns, MtaStsPolicies mtaSts) {
        this(dns, mtaSts, null);
    }

    /**
     * @param random orders MX hosts of equal preference (RFC 5321 §5.1); shared by every caller, so
     *        it must be thread-safe (as {@link java.util.Random} is). Null means each thread's
     *        {@link ThreadLocalRandom}.
     */
    public DnsMailRouting(DnsResolver dns, MtaStsPolicies mtaSts, RandomGenerator random) {
        this.dns = dns;
        this.mtaSts = mtaSts;
        this.random = random;
    }

    @Override
    public MxLookup mx(String domain) throws DnsException {
        Name name = DnsResolver.toName(domain);
        // RFC 5321 §5.1: a CNAME at the domain is followed, and the MX lookup done on its target
        DnsAnswer answer = dns.lookup(name, Type.MX);
        if (!answer.nameExists()) {
            throw new DnsException("the domain " + hostName(name) + " does not exist", false);
        }
        List<MXRecord> records = answer.records(MXRecord.class);
        if (records.isEmpty()) {
            // RFC 5321 §5.1: without MX records the domain itself is the mail exchanger, when it
            // has an address
            AddressLookup addresses = addressLookup(name);
            if (addresses.addresses().isEmpty()) {
                throw new DnsException("the domain " + hostName(name) + " has no MX and no address", false);
            }
            return new MxLookup(List.of(new MxLookup.MxHost(hostName(name), 0, true)), false,
                    answer.secure() && addresses.dnssecValid());
        }
        for (MXRecord mx : records) {
            // RFC 7505 §3: an MX whose exchange is "." (the root) says the domain takes no mail. It
            // MUST NOT come with other MX records; if it does, we still take the domain at its word.
            if (mx.getTarget().equals(Name.root)) {
                return new MxLookup(List.of(), true, answer.secure());
            }
        }
        return new MxLookup(ordered(records), false, answer.secure());
    }

    /** RFC 5321 §5.1: most preferred (lowest) first; equal preferences in random order; no duplicates. */
    private List<MxLookup.MxHost> ordered(List<MXRecord> records) {
        Map<String, Integer> best = new LinkedHashMap<>();
        for (MXRecord mx : records) {
            best.merge(hostName(mx.getTarget()), mx.getPriority(), Math::min);
        }
        List<MxLookup.MxHost> hosts = new ArrayList<>();
        best.forEach((host, preference) -> hosts.add(new MxLookup.MxHost(host, preference, false)));
        Collections.shuffle(hosts, random == null ? ThreadLocalRandom.current() : random);
        hosts.sort(Comparator.comparingInt(MxLookup.MxHost::preference)); // stable: ties stay shuffled
        return List.copyOf(hosts);
    }

    @Override
    public List<InetAddress> addresses(String host) throws DnsException {
        return addressLookup(DnsResolver.toName(host)).addresses();
    }

    /**
     * The A and AAAA records of {@code host} (IPv4 first), following CNAMEs. A failure of one of
     * the two queries is ignored when the other found addresses; {@code dnssecValid} only when
     * both answers validated.
     *
     * @throws DnsException when neither query gave an answer and one failed
     */
    public AddressLookup addressLookup(String host) throws DnsException {
        return addressLookup(DnsResolver.toName(host));
    }

    private AddressLookup addressLookup(Name name) throws DnsException {
        List<InetAddress> addresses = new ArrayList<>();
        boolean secure = true;
        Name canonical = name;
        DnsException failure = null;
        for (int type : new int[] {Type.A, Type.AAAA}) {
            try {
                DnsAnswer answer = dns.lookup(name, type);
                secure &= answer.secure();
                canonical = answer.canonicalName();
                for (var record : answer.records()) {
                    switch (record) {
                        case ARecord a -> addresses.add(a.getAddress());
                        case AAAARecord aaaa -> addresses.add(aaaa.getAddress());
                        default -> { }
                    }
                }
            } catch (DnsException e) {
                failure = e;
                secure = false;
            }
        }
        if (failure != null && addresses.isEmpty()) {
            throw failure;
        }
        return new AddressLookup(addresses, canonical, secure);
    }

    /**
     * RFC 7672 §2.2: TLSA records count only when validated; §2.2.2: only when the host's address
     * records validated too, and for a host that is a (validated) CNAME, the TLSA records at the
     * canonical name are preferred over those at the name itself.
     *
     * @throws DnsException temporary when the TLSA answer is bogus or the lookup failed: RFC 7672
     *         §2.2 says not to deliver then, so the queue defers
     */
    @Override
    public TlsaLookup tlsa(String host, int port) throws DnsException {
        Name name = DnsResolver.toName(host);
        AddressLookup addresses = addressLookup(name);
        if (!addresses.dnssecValid()) {
            return new TlsaLookup(List.of(), false);
        }
        if (!addresses.canonicalName().equals(name)) {
            TlsaLookup atTarget = tlsaAt(addresses.canonicalName(), port);
            if (!atTarget.records().isEmpty() || !atTarget.dnssecValid()) {
                return atTarget;
            }
        }
        return tlsaAt(name, port);
    }

    private TlsaLookup tlsaAt(Name host, int port) throws DnsException {
        // RFC 6698 §3: the TLSA owner name is _port._tcp.host
        DnsAnswer answer = dns.lookup("_" + port + "._tcp." + host, Type.TLSA);
        if (!answer.secure()) {
            return new TlsaLookup(List.of(), false);
        }
        List<TlsaLookup.TlsaRecord> records = new ArrayList<>();
        for (TLSARecord tlsa : answer.records(TLSARecord.class)) {
            records.add(new TlsaLookup.TlsaRecord(tlsa.getCertificateUsage(), tlsa.getSelector(),
                    tlsa.getMatchingType(), tlsa.getCertificateAssociationData()));
        }
        return new TlsaLookup(records, true);
    }

    @Override
    public Optional<MtaStsPolicy> mtaStsPolicy(String domain) throws DnsException {
        return mtaSts.policy(domain);
    }

    /** A name as mail code writes it: lower case, no trailing dot. */
    private static String hostName(Name name) {
        return name.toString(true).toLowerCase(Locale.ROOT);
    }
}
