package dev.coffer.mailauth.dkim;

import java.util.Optional;

/**
 * Where the verifier gets key records: the DNS in production (RFC 6376 §3.6.2.2), a map in
 * tests. Keeping DNS out of this package lets the resolver live with the other DNS code.
 */
@FunctionalInterface
public interface DkimKeyLookup {

    /**
     * The TXT record at {@code selector._domainkey.domain}, its character-strings joined
     * without separators (RFC 6376 §3.6.2.2).
     *
     * @return empty if the name does not exist or has no TXT record (NXDOMAIN, NODATA)
     * @throws DkimKeyLookupException on a temporary failure (timeout, SERVFAIL), which the
     *         verifier reports as a temperror
     */
    Optional<String> txtRecord(String selector, String domain) throws DkimKeyLookupException;
}
