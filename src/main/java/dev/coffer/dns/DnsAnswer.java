package dev.coffer.dns;

import java.util.List;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;

/**
 * One validated answer from {@link DnsResolver}: the records of the asked type at the end of any
 * CNAME chain, whether the name exists, and what DNSSEC said about it.
 *
 * @param name          the name asked for
 * @param type          the record type asked for ({@link org.xbill.DNS.Type})
 * @param canonicalName where the CNAME chain (if any) ended; equals {@code name} without one
 * @param records       the records of {@code type} at {@code canonicalName}; empty for NXDOMAIN
 *                      and NODATA
 * @param nameExists    false for NXDOMAIN (RFC 8020: nothing exists below it either)
 * @param security      whether the answer, including any denial of existence, validated
 */
public record DnsAnswer(Name name, int type, Name canonicalName, List<Record> records,
                        boolean nameExists, Security security) {

    /** RFC 4033 §5. A bogus answer is never returned: {@link DnsResolver} throws instead. */
    public enum Security {
        /** Validated from a trust anchor: the AD bit of a validating resolver. */
        SECURE,
        /** Unsigned, or under no trust anchor. */
        INSECURE
    }

    public DnsAnswer {
        records = List.copyOf(records);
    }

    public boolean secure() {
        return security == Security.SECURE;
    }

    /** The records cast to their type, e.g. {@code answer.records(MXRecord.class)}. */
    public <T extends Record> List<T> records(Class<T> recordClass) {
        return records.stream().filter(recordClass::isInstance).map(recordClass::cast).toList();
    }
}
