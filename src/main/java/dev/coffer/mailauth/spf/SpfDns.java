package dev.coffer.mailauth.spf;

import java.net.InetAddress;
import java.util.List;

/**
 * The DNS lookups SPF needs (RFC 7208 §4.4, §5): the DNS in production
 * ({@code dev.coffer.dns.DnsSpfLookup}), a map in tests. Keeping DNS out of this package lets the
 * resolver live with the other DNS code.
 *
 * <p>Every method returns an empty list when the name does not exist (NXDOMAIN) or has no
 * records of the type (NODATA): RFC 7208 §4.6.4 calls both a "void lookup". A CNAME chain is
 * followed by the implementation. A temporary failure (timeout, SERVFAIL) is an
 * {@link SpfDnsException}, which the verifier reports as a temperror (RFC 7208 §2.6.6).
 */
public interface SpfDns {

    /** The TXT records at {@code name}, each one's character-strings joined without separator (RFC 7208 §3.3). */
    List<String> txt(String name) throws SpfDnsException;

    /** The IPv4 addresses (A records) of {@code name}. */
    List<InetAddress> a(String name) throws SpfDnsException;

    /** The IPv6 addresses (AAAA records) of {@code name}. */
    List<InetAddress> aaaa(String name) throws SpfDnsException;

    /** The exchange names of the MX records at {@code name}, most preferred first; "" for a null MX. */
    List<String> mx(String name) throws SpfDnsException;

    /** The names of the PTR records at {@code name} (an {@code in-addr.arpa} or {@code ip6.arpa} name). */
    List<String> ptr(String name) throws SpfDnsException;
}
