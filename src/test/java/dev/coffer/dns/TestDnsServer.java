package dev.coffer.dns;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.DNSKEYRecord;
import org.xbill.DNS.DNSSEC;
import org.xbill.DNS.ExtendedFlags;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Master;
import org.xbill.DNS.Message;
import org.xbill.DNS.NSECRecord;
import org.xbill.DNS.NSRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.RRSIGRecord;
import org.xbill.DNS.RRset;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * An authoritative DNS server on 127.0.0.1 (UDP and TCP, one ephemeral port) for tests. It answers
 * like a recursive resolver would for the zones it holds: it follows CNAMEs, sets RA, and with the
 * DO bit returns RRSIGs and NSEC denials for signed zones. Signed zones use one ECDSA P-256 key
 * (algorithm 13) each; {@link #trustAnchor()} gives those keys to a validating resolver.
 *
 * <pre>{@code
 * try (TestDnsServer dns = TestDnsServer.start()) {
 *     dns.zone("example.test.", true);
 *     dns.add(TestDnsServer.record("example.test. 300 IN MX 10 mx.example.test."));
 *     DnsResolver resolver = dns.resolverBuilder().build(); // trusts the signed zones, not the root
 * }
 * }</pre>
 *
 * <p>Limits: no wildcards and no delegations; names in no zone are REFUSED. Create zones before
 * adding their records, and build resolvers after creating the signed zones (the trust anchor is
 * read then). Calling {@link #zone} again for an origin starts it afresh, with a new key.
 */
public final class TestDnsServer implements AutoCloseable {

    private static final long ZONE_TTL = 300;
    private static final Duration SIGNATURE_VALIDITY = Duration.ofDays(7);
    private static final int NO_EDNS_UDP_SIZE = 512;
    private static final int MAX_CNAME_CHAIN = 8;

    private final DatagramSocket udp;
    private final ServerSocket tcp;
    private final Map<Name, Zone> zones = new ConcurrentHashMap<>();
    private final Map<Name, Integer> failures = new ConcurrentHashMap<>();
    private final Set<RrsetKey> bogus = ConcurrentHashMap.newKeySet();
    private final AtomicInteger queries = new AtomicInteger();
    private final AtomicInteger tcpQueries = new AtomicInteger();
    private volatile boolean closed;

    private TestDnsServer(DatagramSocket udp, ServerSocket tcp) {
        this.udp = udp;
        this.tcp = tcp;
    }

    /** Binds UDP and TCP on the same ephemeral port of 127.0.0.1 and starts answering. */
    public static TestDnsServer start() throws IOException {
        InetAddress loopback = InetAddress.getLoopbackAddress();
        for (int attempt = 0; ; attempt++) {
            DatagramSocket udp = new DatagramSocket(new InetSocketAddress(loopback, 0));
            try {
                ServerSocket tcp = new ServerSocket(udp.getLocalPort(), 50, loopback);
                TestDnsServer server = new TestDnsServer(udp, tcp);
                Thread.ofVirtual().name("test-dns-udp").start(server::serveUdp);
                Thread.ofVirtual().name("test-dns-tcp").start(server::serveTcp);
                return server;
            } catch (IOException portTaken) {
                udp.close();
                if (attempt == 10) {
                    throw portTaken;
                }
            }
        }
    }

    /**
     * Parses one record in zone-file syntax, e.g. {@code "example.test. 300 IN A 192.0.2.1"}; names
     * are absolute, the TTL defaults to 300.
     */
    public static Record record(String text) {
        try (Master master = new Master(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), Name.root, ZONE_TTL)) {
            Record record = master.nextRecord();
            if (record == null) {
                throw new IllegalArgumentException("no record in: " + text);
            }
            return record;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Creates a zone with an SOA and NS at {@code origin}; a signed zone gets a fresh key, a DNSKEY
     * record, RRSIGs and NSEC records. Records are added to the zone that most closely encloses them.
     */
    public void zone(String origin, boolean signed) {
        Name name = name(origin);
        zones.put(name, new Zone(name, signed));
    }

    /** Adds a record to its RRset (creating it) in the enclosing zone. */
    public void add(Record record) {
        zoneFor(record.getName()).add(record);
    }

    /** Replaces the RRset of the record's name and type by this one record. */
    public void replace(Record record) {
        Zone zone = zoneFor(record.getName());
        zone.remove(record.getName(), record.getType());
        zone.add(record);
    }

    /** Removes every record of this name and type. */
    public void remove(String name, int type) {
        Name n = name(name);
        zoneFor(n).remove(n, type);
    }

    /** Signs this RRset with a broken signature, so that a validating resolver finds it bogus. */
    public void breakSignature(String name, int type) {
        bogus.add(new RrsetKey(name(name), type));
    }

    /** Answers every query for this name with {@code rcode} (e.g. {@link Rcode#SERVFAIL}). */
    public void failWith(String name, int rcode) {
        failures.put(name(name), rcode);
    }

    public InetSocketAddress address() {
        return new InetSocketAddress(udp.getLocalAddress(), udp.getLocalPort());
    }

    /** The DNSKEYs of the signed zones, in zone-file syntax, one a line. */
    public String trustAnchor() {
        StringBuilder anchors = new StringBuilder();
        for (Zone zone : zones.values()) {
            if (zone.signed) {
                anchors.append(zone.dnskey).append('\n');
            }
        }
        return anchors.toString();
    }

    /**
     * A resolver builder that asks this server and trusts exactly its signed zones. Do not leave
     * the default (the IANA root) in tests: this server does not serve the root, so every answer
     * under it would be bogus.
     */
    public DnsResolver.Builder resolverBuilder() {
        return DnsResolver.builder().servers(address()).trustAnchors(trustAnchor()).timeout(Duration.ofSeconds(2));
    }

    /** Queries answered so far, over UDP and TCP. */
    public int queryCount() {
        return queries.get();
    }

    /** Queries answered so far over TCP. */
    public int tcpQueryCount() {
        return tcpQueries.get();
    }

    @Override
    public void close() {
        closed = true;
        udp.close();
        try {
            tcp.close();
        } catch (IOException ignored) {
            // closing a listening socket only fails if it is already closed
        }
    }

    // ---------------------------------------------------------------------------------------------

    private void serveUdp() {
        byte[] buffer = new byte[65535];
        while (!closed) {
            DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
            try {
                udp.receive(packet);
                Message query = new Message(Arrays.copyOf(packet.getData(), packet.getLength()));
                Message response = answer(query);
                OPTRecord opt = query.getOPT();
                int limit = opt == null ? NO_EDNS_UDP_SIZE : Math.max(NO_EDNS_UDP_SIZE, opt.getPayloadSize());
                // toWire(limit) drops what does not fit and sets TC, so the client retries over TCP
                byte[] wire = response.toWire(limit);
                udp.send(new DatagramPacket(wire, wire.length, packet.getSocketAddress()));
            } catch (SocketException e) {
                if (closed) {
                    return;
                }
            } catch (IOException malformed) {
                // a test server ignores what it cannot parse
            }
        }
    }

    private void serveTcp() {
        while (!closed) {
            try {
                Socket socket = tcp.accept();
                Thread.ofVirtual().name("test-dns-tcp-conn").start(() -> serveConnection(socket));
            } catch (IOException e) {
                if (closed) {
                    return;
                }
            }
        }
    }

    private void serveConnection(Socket socket) {
        try (socket) {
            socket.setSoTimeout(10_000);
            DataInputStream in = new DataInputStream(socket.getInputStream());
            DataOutputStream out = new DataOutputStream(socket.getOutputStream());
            while (true) {
                int length;
                try {
                    length = in.readUnsignedShort();
                } catch (EOFException end) {
                    return;
                }
                byte[] data = in.readNBytes(length);
                tcpQueries.incrementAndGet();
                byte[] wire = answer(new Message(data)).toWire(65535);
                out.writeShort(wire.length);
                out.write(wire);
                out.flush();
            }
        } catch (IOException ignored) {
            // the client went away
        }
    }

    private Message answer(Message query) {
        queries.incrementAndGet();
        Message response = new Message(query.getHeader().getID());
        response.getHeader().setFlag(Flags.QR);
        response.getHeader().setFlag(Flags.RA);
        if (query.getHeader().getFlag(Flags.RD)) {
            response.getHeader().setFlag(Flags.RD);
        }
        Record question = query.getQuestion();
        if (question == null) {
            response.getHeader().setRcode(Rcode.FORMERR);
            return response;
        }
        response.addRecord(question, Section.QUESTION);
        OPTRecord opt = query.getOPT();
        boolean dnssecOk = opt != null && (opt.getFlags() & ExtendedFlags.DO) != 0;
        if (opt != null) {
            response.addRecord(new OPTRecord(1232, 0, 0, dnssecOk ? ExtendedFlags.DO : 0), Section.ADDITIONAL);
        }

        Name qname = question.getName();
        int qtype = question.getType();
        Set<Name> seen = new HashSet<>();
        for (int step = 0; step < MAX_CNAME_CHAIN && seen.add(qname); step++) {
            Integer failure = failures.get(qname);
            if (failure != null) {
                response.getHeader().setRcode(failure);
                response.removeAllRecords(Section.ANSWER);
                return response;
            }
            Zone zone = enclosingZone(qname);
            if (zone == null) {
                if (step == 0) {
                    response.getHeader().setRcode(Rcode.REFUSED);
                }
                return response;
            }
            boolean sign = dnssecOk && zone.signed;
            List<Record> rrset = zone.rrset(qname, qtype);
            if (!rrset.isEmpty()) {
                addRrset(response, Section.ANSWER, zone, rrset, sign);
                return response;
            }
            List<Record> cname = qtype == Type.CNAME ? List.of() : zone.rrset(qname, Type.CNAME);
            if (!cname.isEmpty()) {
                addRrset(response, Section.ANSWER, zone, cname, sign);
                qname = ((CNAMERecord) cname.getFirst()).getTarget();
                continue;
            }
            // RFC 2308: a negative answer carries the SOA; RFC 4035 §3.1.3: and NSEC proofs
            addRrset(response, Section.AUTHORITY, zone, zone.rrset(zone.origin, Type.SOA), sign);
            if (zone.exists(qname)) {
                if (sign) {
                    addRrset(response, Section.AUTHORITY, zone, List.of(zone.nsecCovering(qname)), true);
                }
            } else {
                response.getHeader().setRcode(Rcode.NXDOMAIN);
                if (sign) {
                    NSECRecord covering = zone.nsecCovering(qname);
                    addRrset(response, Section.AUTHORITY, zone, List.of(covering), true);
                    NSECRecord wildcard = zone.nsecCovering(wildcardAt(zone.closestEncloser(qname)));
                    if (!wildcard.getName().equals(covering.getName())) {
                        addRrset(response, Section.AUTHORITY, zone, List.of(wildcard), true);
                    }
                }
            }
            return response;
        }
        return response;
    }

    private void addRrset(Message response, int section, Zone zone, List<Record> records, boolean sign) {
        for (Record record : records) {
            response.addRecord(record, section);
        }
        if (sign) {
            response.addRecord(zone.sign(records), section);
        }
    }

    private Zone enclosingZone(Name name) {
        Zone best = null;
        for (Zone zone : zones.values()) {
            if (name.subdomain(zone.origin) && (best == null || zone.origin.labels() > best.origin.labels())) {
                best = zone;
            }
        }
        return best;
    }

    private Zone zoneFor(Name name) {
        Zone zone = enclosingZone(name);
        if (zone == null) {
            throw new IllegalArgumentException(name + " is in no zone; call zone(origin, signed) first");
        }
        return zone;
    }

    private static Name wildcardAt(Name encloser) {
        try {
            return Name.concatenate(Name.fromConstantString("*"), encloser);
        } catch (org.xbill.DNS.NameTooLongException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Name name(String text) {
        try {
            return Name.fromString(text.endsWith(".") ? text : text + ".");
        } catch (TextParseException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private record RrsetKey(Name name, int type) {}

    /** One zone: its records by owner name (in DNSSEC canonical order) and type, and its key. */
    private final class Zone {
        final Name origin;
        final boolean signed;
        final TreeMap<Name, Map<Integer, List<Record>>> nodes = new TreeMap<>();
        final KeyPair keys;
        final DNSKEYRecord dnskey;

        Zone(Name origin, boolean signed) {
            this.origin = origin;
            this.signed = signed;
            Name ns = child("ns", origin);
            add(new SOARecord(origin, DClass.IN, ZONE_TTL, ns, child("hostmaster", origin),
                    1, 3600, 600, 86400, ZONE_TTL));
            add(new NSRecord(origin, DClass.IN, ZONE_TTL, ns));
            if (signed) {
                try {
                    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
                    generator.initialize(new ECGenParameterSpec("secp256r1"));
                    keys = generator.generateKeyPair();
                    // RFC 4034 §2.1.1: flags 257 = Zone Key + Secure Entry Point
                    dnskey = new DNSKEYRecord(origin, DClass.IN, ZONE_TTL, 257, 3,
                            DNSSEC.Algorithm.ECDSAP256SHA256, keys.getPublic());
                } catch (GeneralSecurityException | DNSSEC.DNSSECException e) {
                    throw new IllegalStateException(e);
                }
                add(dnskey);
            } else {
                keys = null;
                dnskey = null;
            }
        }

        synchronized void add(Record record) {
            nodes.computeIfAbsent(record.getName(), n -> new TreeMap<>())
                    .computeIfAbsent(record.getType(), t -> new ArrayList<>())
                    .add(record);
        }

        synchronized void remove(Name name, int type) {
            Map<Integer, List<Record>> node = nodes.get(name);
            if (node != null) {
                node.remove(type);
                if (node.isEmpty()) {
                    nodes.remove(name);
                }
            }
        }

        synchronized List<Record> rrset(Name name, int type) {
            Map<Integer, List<Record>> node = nodes.get(name);
            if (node == null) {
                return List.of();
            }
            return List.copyOf(node.getOrDefault(type, List.of()));
        }

        /** A name exists when it owns records or is an empty non-terminal above one that does. */
        synchronized boolean exists(Name name) {
            if (nodes.containsKey(name)) {
                return true;
            }
            Name next = nodes.higherKey(name);
            return next != null && next.subdomain(name);
        }

        synchronized Name closestEncloser(Name name) {
            for (int drop = 1; drop < name.labels(); drop++) {
                Name ancestor = new Name(name, drop);
                if (!ancestor.subdomain(origin)) {
                    break;
                }
                if (exists(ancestor)) {
                    return ancestor;
                }
            }
            return origin;
        }

        /** RFC 4034 §4: the NSEC owned by {@code name}, or the one whose span covers it. */
        synchronized NSECRecord nsecCovering(Name name) {
            NavigableSet<Name> owners = new TreeSet<>(nodes.keySet());
            Name owner = owners.floor(name);
            if (owner == null) {
                owner = origin;
            }
            Name next = owners.higher(owner);
            if (next == null) {
                next = origin;
            }
            Set<Integer> types = new TreeSet<>(nodes.get(owner).keySet());
            types.add(Type.RRSIG);
            types.add(Type.NSEC);
            long ttl = ((SOARecord) nodes.get(origin).get(Type.SOA).getFirst()).getMinimum();
            return new NSECRecord(owner, DClass.IN, ttl, next, types.stream().mapToInt(Integer::intValue).toArray());
        }

        RRSIGRecord sign(List<Record> records) {
            RRset rrset = new RRset();
            for (Record record : records) {
                rrset.addRR(record);
            }
            Instant now = Instant.now();
            try {
                RRSIGRecord signature = DNSSEC.sign(rrset, dnskey, keys.getPrivate(),
                        now.minus(Duration.ofHours(1)), now.plus(SIGNATURE_VALIDITY));
                if (bogus.contains(new RrsetKey(rrset.getName(), rrset.getType()))) {
                    byte[] broken = signature.getSignature().clone();
                    broken[0] ^= 0x5a;
                    broken[broken.length - 1] ^= 0x5a;
                    signature = new RRSIGRecord(signature.getName(), signature.getDClass(), signature.getTTL(),
                            signature.getTypeCovered(), signature.getAlgorithm(), signature.getOrigTTL(),
                            signature.getExpire(), signature.getTimeSigned(), signature.getFootprint(),
                            signature.getSigner(), broken);
                }
                return signature;
            } catch (DNSSEC.DNSSECException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private static Name child(String label, Name origin) {
        try {
            return Name.concatenate(Name.fromString(label), origin);
        } catch (TextParseException | org.xbill.DNS.NameTooLongException e) {
            throw new IllegalStateException(e);
        }
    }
}
