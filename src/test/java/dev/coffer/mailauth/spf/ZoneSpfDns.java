package dev.coffer.mailauth.spf;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * An in-memory {@link SpfDns} for tests: records by name (case-insensitive, final dot ignored),
 * CNAMEs followed like a recursive resolver does (a loop is a failure), names marked as timing
 * out for every type they hold no records of, and a log of the queries asked.
 */
final class ZoneSpfDns implements SpfDns {

    private static final int MAX_CNAME_CHAIN = 8;

    private final Map<String, Map<String, List<Object>>> records = new HashMap<>();
    private final Set<String> timingOut = new HashSet<>();
    private final List<String> queried = Collections.synchronizedList(new ArrayList<>());

    ZoneSpfDns txt(String name, String text) {
        return add(name, "TXT", text);
    }

    ZoneSpfDns a(String name, String address) {
        return add(name, "A", InetAddress.ofLiteral(address));
    }

    ZoneSpfDns aaaa(String name, String address) {
        return add(name, "AAAA", InetAddress.ofLiteral(address));
    }

    ZoneSpfDns mx(String name, String exchange) {
        return add(name, "MX", exchange);
    }

    ZoneSpfDns ptr(String name, String target) {
        return add(name, "PTR", target);
    }

    ZoneSpfDns cname(String name, String target) {
        return add(name, "CNAME", target);
    }

    /** Every query for a type {@code name} has no records of times out. */
    ZoneSpfDns timeout(String name) {
        timingOut.add(key(name));
        records.computeIfAbsent(key(name), n -> new HashMap<>());
        return this;
    }

    /** Makes {@code name} exist without records of any type (so queries get NODATA). */
    ZoneSpfDns exists(String name) {
        records.computeIfAbsent(key(name), n -> new HashMap<>());
        return this;
    }

    boolean hasRecords(String name, String type) {
        Map<String, List<Object>> node = records.get(key(name));
        return node != null && node.containsKey(type);
    }

    /** The names asked for so far, in order, as "name/TYPE". */
    List<String> queries() {
        synchronized (queried) {
            return List.copyOf(queried);
        }
    }

    @Override
    public List<String> txt(String name) throws SpfDnsException {
        return lookup(name, "TXT", String.class);
    }

    @Override
    public List<InetAddress> a(String name) throws SpfDnsException {
        return lookup(name, "A", InetAddress.class);
    }

    @Override
    public List<InetAddress> aaaa(String name) throws SpfDnsException {
        return lookup(name, "AAAA", InetAddress.class);
    }

    @Override
    public List<String> mx(String name) throws SpfDnsException {
        return lookup(name, "MX", String.class);
    }

    @Override
    public List<String> ptr(String name) throws SpfDnsException {
        return lookup(name, "PTR", String.class);
    }

    private ZoneSpfDns add(String name, String type, Object value) {
        records.computeIfAbsent(key(name), n -> new HashMap<>()).computeIfAbsent(type, t -> new ArrayList<>()).add(value);
        return this;
    }

    private <T> List<T> lookup(String name, String type, Class<T> valueClass) throws SpfDnsException {
        queried.add(name + "/" + type);
        String current = key(name);
        for (int step = 0; step <= MAX_CNAME_CHAIN; step++) {
            Map<String, List<Object>> node = records.get(current);
            if (node == null) {
                return List.of(); // NXDOMAIN
            }
            List<Object> values = node.get(type);
            if (values != null) {
                return values.stream().map(valueClass::cast).toList();
            }
            List<Object> alias = node.get("CNAME");
            if (alias == null) {
                if (timingOut.contains(current)) {
                    throw new SpfDnsException("timed out asking for " + name + "/" + type);
                }
                return List.of(); // NODATA
            }
            current = key((String) alias.getFirst());
        }
        throw new SpfDnsException("the CNAME chain of " + name + " loops");
    }

    private static String key(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return lower.endsWith(".") ? lower.substring(0, lower.length() - 1) : lower;
    }
}
