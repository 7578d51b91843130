package dev.coffer.dns.check;

/** Whether the domain's own records validate (RFC 4033 §5): secure, not insecure, not bogus. */
public final class DnssecCheck {

    public static final String NAME = "dnssec";

    private DnssecCheck() {}

    /** @param soa the lookup of the domain's SOA (or any apex record) through a validating resolver */
    public static Finding check(String domain, Lookup<?> soa) {
        if (soa.failed()) {
            return soa.failure(NAME, "SOA " + domain);
        }
        if (!soa.secure()) {
            return Finding.fail(NAME, domain + " is not DNSSEC-signed (the answer is insecure)",
                    "Sign the zone and publish its DS record at the registrar; without it DANE does not apply.");
        }
        return Finding.pass(NAME, domain + " validates (secure)");
    }
}
