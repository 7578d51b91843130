package dev.coffer.dns.check;

import dev.coffer.dns.DnsAnswer;
import dev.coffer.dns.DnsException;
import dev.coffer.dns.DnsResolver;
import dev.coffer.dns.TlsaLookup.TlsaRecord;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.Record;
import org.xbill.DNS.SRVRecord;
import org.xbill.DNS.TLSARecord;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;

/** The lookups the checks need, each through the validating {@link DnsResolver}, as {@link Lookup}s. */
public final class ValidatedLookups {

    private final DnsResolver dns;

    public ValidatedLookups(DnsResolver dns) {
        this.dns = dns;
    }

    public Lookup<String> txt(String name) {
        return lookup(name, Type.TXT, record -> joined((TXTRecord) record));
    }

    public Lookup<MxHost> mx(String domain) {
        return lookup(domain, Type.MX, record -> {
            MXRecord mx = (MXRecord) record;
            return new MxHost(mx.getPriority(), bare(mx.getTarget().toString()));
        });
    }

    /** A and AAAA together; secure only when both answers are. */
    public Lookup<InetAddress> addressList(String host) {
        Lookup<InetAddress> v4 = lookup(host, Type.A, record -> ((ARecord) record).getAddress());
        if (v4.failed()) {
            return v4;
        }
        Lookup<InetAddress> v6 = lookup(host, Type.AAAA, record -> ((AAAARecord) record).getAddress());
        if (v6.failed()) {
            return v4.records().isEmpty() ? v6 : v4;
        }
        List<InetAddress> all = new ArrayList<>(v4.records());
        all.addAll(v6.records());
        return Lookup.of(all, v4.secure() && v6.secure());
    }

    public Lookup<TlsaRecord> tlsa(String host, int port) {
        return lookup("_" + port + "._tcp." + host, Type.TLSA, record -> {
            TLSARecord tlsa = (TLSARecord) record;
            return new TlsaRecord(tlsa.getCertificateUsage(), tlsa.getSelector(), tlsa.getMatchingType(),
                    tlsa.getCertificateAssociationData());
        });
    }

    /** SRV records (RFC 2782) as published. */
    public Lookup<SRVRecord> srv(String name) {
        return lookup(name, Type.SRV, record -> (SRVRecord) record);
    }

    /** Any type, in normalised presentation form (see {@link #normalise}). */
    public Lookup<String> records(String name, int type) {
        return lookup(name, type, record -> record instanceof TXTRecord txt ? joined(txt) : normalise(record.rdataToString()));
    }

    public Lookup<String> soa(String domain) {
        return lookup(domain, Type.SOA, Record::rdataToString);
    }

    /** Lower case, single spaces, no trailing dots on names: how expected and published data are compared. */
    public static String normalise(String presentation) {
        String text = presentation.strip().replaceAll("\\s+", " ").toLowerCase(Locale.ROOT);
        List<String> words = new ArrayList<>();
        for (String word : text.split(" ")) {
            words.add(word.length() > 1 && word.endsWith(".") ? word.substring(0, word.length() - 1) : word);
        }
        return String.join(" ", words);
    }

    private <T> Lookup<T> lookup(String name, int type, Function<Record, T> convert) {
        try {
            DnsAnswer answer = dns.lookup(name, type);
            List<T> values = new ArrayList<>();
            for (Record record : answer.records()) {
                values.add(convert.apply(record));
            }
            return Lookup.of(values, answer.security() == DnsAnswer.Security.SECURE);
        } catch (DnsException e) {
            return Lookup.failed(e.getMessage(), e.isDnssecBogus());
        }
    }

    /** RFC 7208 §3.3: a TXT record's strings are joined without separator. */
    private static String joined(TXTRecord txt) {
        StringBuilder text = new StringBuilder();
        for (byte[] part : txt.getStringsAsByteArrays()) {
            text.append(new String(part, StandardCharsets.ISO_8859_1));
        }
        return text.toString();
    }

    static String bare(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return lower.endsWith(".") ? lower.substring(0, lower.length() - 1) : lower;
    }
}
