package dev.coffer.mailauth.spf;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Locale;
import java.util.regex.Pattern;

/** IP address text and network matching as SPF uses them (RFC 7208 §5.6, §7.3). */
final class SpfAddresses {

    /** RFC 7208 §5.6: ip4-network = qnum "." qnum "." qnum "." qnum, with no leading zeros. */
    private static final Pattern IP4 = Pattern.compile(
            "(?:(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9][0-9]|[0-9])\\.){3}(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9][0-9]|[0-9])");
    private static final Pattern IP6_CHARACTERS = Pattern.compile("[0-9A-Fa-f:.]+");
    private static final byte[] MAPPED_PREFIX = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff};

    private SpfAddresses() {
    }

    /** The four octets of a dotted quad, or null if {@code text} is not one. */
    static byte[] parseIp4(String text) {
        if (!IP4.matcher(text).matches()) {
            return null;
        }
        return Inet4Address.ofLiteral(text).getAddress();
    }

    /** The 16 octets of an IPv6 address in RFC 4291 §2.2 text form, or null if {@code text} is not one. */
    static byte[] parseIp6(String text) {
        if (!IP6_CHARACTERS.matcher(text).matches() || text.indexOf(':') < 0) {
            return null;
        }
        try {
            InetAddress address = Inet6Address.ofLiteral(text);
            byte[] bytes = address.getAddress();
            if (bytes.length == 4) {
                // the JDK turns ::ffff:a.b.c.d into an IPv4 address; SPF keeps the IPv6 form
                byte[] mapped = Arrays.copyOf(MAPPED_PREFIX, 16);
                System.arraycopy(bytes, 0, mapped, 12, 4);
                return mapped;
            }
            return bytes;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** RFC 7208 §5: an IPv4-mapped IPv6 client is an IPv4 client. */
    static InetAddress normalize(InetAddress client) {
        byte[] bytes = client.getAddress();
        if (bytes.length == 16 && Arrays.equals(bytes, 0, 12, MAPPED_PREFIX, 0, 12)) {
            try {
                return InetAddress.getByAddress(Arrays.copyOfRange(bytes, 12, 16));
            } catch (UnknownHostException impossible) {
                throw new IllegalStateException(impossible);
            }
        }
        return client;
    }

    /** Whether the first {@code prefix} bits of {@code address} equal those of {@code network}. */
    static boolean inNetwork(byte[] address, byte[] network, int prefix) {
        if (address.length != network.length) {
            return false;
        }
        int whole = prefix / 8;
        if (!Arrays.equals(address, 0, whole, network, 0, whole)) {
            return false;
        }
        int rest = prefix % 8;
        if (rest == 0) {
            return true;
        }
        int mask = (0xff << (8 - rest)) & 0xff;
        return (address[whole] & mask) == (network[whole] & mask);
    }

    /**
     * RFC 7208 §7.3: the "i" macro: the dotted quad, or for IPv6 the 32 nibbles separated by dots
     * (upper case, as in the examples of §7.4).
     */
    static String macroForm(InetAddress address) {
        if (address instanceof Inet4Address) {
            return address.getHostAddress();
        }
        StringBuilder out = new StringBuilder();
        for (byte b : address.getAddress()) {
            out.append(hex(b >> 4)).append('.').append(hex(b)).append('.');
        }
        return out.substring(0, out.length() - 1).toUpperCase(Locale.ROOT);
    }

    /** RFC 7208 §7.3: the "c" macro: the dotted quad, or the IPv6 text form of RFC 5952 §4. */
    static String readableForm(InetAddress address) {
        if (address instanceof Inet4Address) {
            return address.getHostAddress();
        }
        byte[] bytes = address.getAddress();
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = ((bytes[2 * i] & 0xff) << 8) | (bytes[2 * i + 1] & 0xff);
        }
        // RFC 5952 §4.2: compress the longest run of two or more zero groups, the first if tied
        int bestStart = -1;
        int bestLength = 1;
        for (int i = 0; i < 8; ) {
            int j = i;
            while (j < 8 && groups[j] == 0) {
                j++;
            }
            if (j - i > bestLength) {
                bestStart = i;
                bestLength = j - i;
            }
            i = j == i ? i + 1 : j;
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                out.append(i == 0 ? "::" : ":");
                i += bestLength - 1;
                continue;
            }
            out.append(Integer.toHexString(groups[i]));
            if (i < 7) {
                out.append(':');
            }
        }
        return out.toString();
    }

    /** RFC 7208 §5.5: the name to ask for PTR records: {@code in-addr.arpa} or {@code ip6.arpa}. */
    static String reverseName(InetAddress address) {
        byte[] bytes = address.getAddress();
        StringBuilder out = new StringBuilder();
        for (int i = bytes.length - 1; i >= 0; i--) {
            if (bytes.length == 4) {
                out.append(bytes[i] & 0xff).append('.');
            } else {
                out.append(hex(bytes[i])).append('.').append(hex(bytes[i] >> 4)).append('.');
            }
        }
        return out.append(bytes.length == 4 ? "in-addr.arpa" : "ip6.arpa").toString();
    }

    private static char hex(int nibble) {
        return Character.forDigit(nibble & 0xf, 16);
    }
}
