package dev.coffer.smtp.policy;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;

/**
 * The network a client address stands for when a policy counts or remembers it: one IPv6
 * host usually holds a whole /64 (RFC 4291 §2.5.1 interface identifiers; RFC 6177), so
 * counting single IPv6 addresses would let one host rotate around any limit.
 */
final class ClientNetwork {

    /** IPv6 hosts are keyed by their /64. */
    static final int IPV6_PREFIX = 64;

    private ClientNetwork() {}

    /** The key for message rates: the IPv4 address itself, or the IPv6 /64. */
    static String host(InetAddress address) {
        return prefix(address, 32, IPV6_PREFIX);
    }

    /** RFC 6647: the key for greylisting: the IPv4 /24 (a sending farm retries from a sibling), or the IPv6 /64. */
    static String greylist(InetAddress address) {
        return prefix(address, 24, IPV6_PREFIX);
    }

    /** The address with all but the first {@code bits} zeroed, as {@code address/bits}; IPv4-mapped IPv6 counts as IPv4. */
    static String prefix(InetAddress address, int ipv4Bits, int ipv6Bits) {
        byte[] bytes = address.getAddress();
        if (address instanceof Inet6Address && isIpv4Mapped(bytes)) {
            bytes = Arrays.copyOfRange(bytes, 12, 16);
        }
        int bits = bytes.length == 4 ? ipv4Bits : ipv6Bits;
        for (int i = 0; i < bytes.length; i++) {
            int keep = Math.clamp(bits - i * 8L, 0, 8);
            bytes[i] &= (byte) (0xff << (8 - keep));
        }
        try {
            return InetAddress.getByAddress(bytes).getHostAddress() + "/" + bits;
        } catch (UnknownHostException e) {
            throw new IllegalStateException("a 4- or 16-byte address is always valid", e);
        }
    }

    private static boolean isIpv4Mapped(byte[] bytes) {
        for (int i = 0; i < 10; i++) {
            if (bytes[i] != 0) {
                return false;
            }
        }
        return bytes[10] == (byte) 0xff && bytes[11] == (byte) 0xff;
    }
}
