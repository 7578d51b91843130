package dev.coffer.mailauth.dmarc;

import java.util.List;
import java.util.Optional;

/** RFC 7489 §6.6.3: finds the DMARC record that applies to an RFC5322.From domain. */
public final class PolicyDiscovery {

    private final DmarcDns dns;
    private final PublicSuffixList suffixes;

    public PolicyDiscovery(DmarcDns dns, PublicSuffixList suffixes) {
        this.dns = dns;
        this.suffixes = suffixes;
    }

    /** What discovery found for one From domain. */
    public sealed interface Outcome {
        /**
         * A usable record.
         *
         * @param policyDomain where it was found: the From domain or its Organizational Domain
         * @param subdomain    whether the From domain is below the Organizational Domain the record
         *                     was found at, so that sp= applies (§6.6.3 step 3)
         */
        record Found(DmarcRecord record, String policyDomain, boolean subdomain) implements Outcome {}

        /** No record, several, or an invalid one: DMARC does not apply (§6.6.3 steps 5 and 6). */
        record NoPolicy(String reason) implements Outcome {}

        /** The DNS failed for now: a temperror. */
        record TempError(String reason) implements Outcome {}
    }

    public PublicSuffixList suffixes() {
        return suffixes;
    }

    public Outcome discover(String fromDomain) {
        String domain = PublicSuffixList.normalise(fromDomain);
        if (domain.isEmpty()) {
            return new Outcome.NoPolicy("no From domain");
        }
        try {
            // RFC 7489 §6.6.3 step 1: the record at the author domain itself
            Optional<List<String>> own = records(domain);
            if (own.isPresent()) {
                return chosen(own.get(), domain, false);
            }
            // step 3: else the record at the Organizational Domain, if that is another name
            String organizational = suffixes.organizationalDomain(domain);
            if (organizational.equals(domain)) {
                return new Outcome.NoPolicy("no DMARC record at _dmarc." + domain);
            }
            Optional<List<String>> parent = records(organizational);
            if (parent.isPresent()) {
                return chosen(parent.get(), organizational, true);
            }
            return new Outcome.NoPolicy("no DMARC record at _dmarc." + domain + " or _dmarc." + organizational);
        } catch (DmarcDnsException e) {
            return new Outcome.TempError("DNS failure: " + e.getMessage());
        }
    }

    /** The DMARC records (step 2: others discarded) at _dmarc.DOMAIN, or empty when there are none. */
    private Optional<List<String>> records(String domain) throws DmarcDnsException {
        Optional<List<String>> txt = dns.txt("_dmarc." + domain);
        if (txt.isEmpty()) {
            return Optional.empty();
        }
        List<String> dmarc = txt.get().stream().filter(DmarcRecord::isDmarc).toList();
        return dmarc.isEmpty() ? Optional.empty() : Optional.of(dmarc);
    }

    private static Outcome chosen(List<String> records, String policyDomain, boolean subdomain) {
        if (records.size() > 1) {
            // RFC 7489 §6.6.3 step 5: several records, so none applies
            return new Outcome.NoPolicy(records.size() + " DMARC records at _dmarc." + policyDomain);
        }
        try {
            return new Outcome.Found(DmarcRecord.parse(records.getFirst()), policyDomain, subdomain);
        } catch (DmarcRecordException e) {
            return new Outcome.NoPolicy("invalid DMARC record at _dmarc." + policyDomain + ": " + e.getMessage());
        }
    }
}
