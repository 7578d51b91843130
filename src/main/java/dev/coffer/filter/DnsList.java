package dev.coffer.filter;

import dev.coffer.dns.DnsException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * DNS blocklists of addresses (DNSBL) and of domains (URIBL), queried as RFC 5782 describes.
 * A listing is an A record in 127.0.0.0/8 other than 127.0.0.1; lists answer 127.255.255.x
 * for "blocked" or "over quota", which says nothing about the address and is ignored. A
 * lookup that fails counts as not listed: a blocklist is a hint, never a reason to refuse mail
 * on its own.
 */
public final class DnsList {

    private static final Logger log = LoggerFactory.getLogger(DnsList.class);

    private final List<String> zones;
    private final DnsListQuery query;

    public DnsList(List<String> zones, DnsListQuery query) {
        this.zones = zones.stream().map(DnsList::withoutDots).filter(zone -> !zone.isEmpty()).toList();
        this.query = query;
    }

    /** The zones that list {@code client}. */
    public List<String> zonesListing(InetAddress client) {
        String reversed = reversed(client);
        List<String> listing = new ArrayList<>();
        for (String zone : zones) {
            if (listed(reversed + "." + zone, zone)) {
                listing.add(zone);
            }
        }
        return listing;
    }

    /** The zones that list {@code domain} (RFC 5782 §2.3: the name itself, prepended to the zone). */
    public List<String> zonesListing(String domain) {
        List<String> listing = new ArrayList<>();
        for (String zone : zones) {
            if (listed(withoutDots(domain) + "." + zone, zone)) {
                listing.add(zone);
            }
        }
        return listing;
    }

    public boolean isEmpty() {
        return zones.isEmpty();
    }

    /**
     * RFC 5782 §2.1: the octets of an IPv4 address in reverse order; §2.4: the 32 nibbles of an
     * IPv6 address in reverse order.
     */
    static String reversed(InetAddress address) {
        byte[] bytes = address.getAddress();
        StringBuilder name = new StringBuilder();
        if (address instanceof Inet4Address) {
            for (int i = bytes.length - 1; i >= 0; i--) {
                name.append(bytes[i] & 0xff).append(i == 0 ? "" : ".");
            }
            return name.toString();
        }
        String hex = HexFormat.of().formatHex(bytes);
        for (int i = hex.length() - 1; i >= 0; i--) {
            name.append(hex.charAt(i)).append(i == 0 ? "" : ".");
        }
        return name.toString();
    }

    private boolean listed(String name, String zone) {
        try {
            return query.addresses(name).stream().anyMatch(DnsList::isListing);
        } catch (DnsException e) {
            log.info("event=dnsbl_lookup_failed zone={} reason={}", zone, e.getMessage());
            return false;
        }
    }

    /**
     * RFC 5782 §2.3: listings are in 127.0.0.0/8; §5: a list must not list 127.0.0.1, which
     * some lists answer for a refused query. 127.255.255.x is an error code (Spamhaus).
     */
    static boolean isListing(InetAddress answer) {
        byte[] octets = answer.getAddress();
        if (octets.length != 4 || (octets[0] & 0xff) != 127) {
            return false;
        }
        boolean errorCode = (octets[1] & 0xff) == 255 && (octets[2] & 0xff) == 255;
        boolean refused = octets[1] == 0 && octets[2] == 0 && octets[3] == 1;
        return !errorCode && !refused;
    }

    private static String withoutDots(String name) {
        String trimmed = name.strip().toLowerCase(Locale.ROOT);
        while (trimmed.startsWith(".")) {
            trimmed = trimmed.substring(1);
        }
        while (trimmed.endsWith(".")) {
            trimmed = trimmed.substring(0, trimmed.length() - 1);
        }
        return trimmed;
    }
}
