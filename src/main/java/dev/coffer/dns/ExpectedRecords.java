package dev.coffer.dns;

import java.util.List;

/** The records a hosted domain should publish, for the checks that compare DNS against them. */
public interface ExpectedRecords {

    /** Empty when the domain is not hosted here. */
    List<DnsRecord> expected(String domain);
}
