package dev.coffer.mailauth.dmarc;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** TXT records from a map; names in {@link #failing} throw a temporary failure. Counts queries. */
final class FakeDmarcDns implements DmarcDns {

    final Map<String, List<String>> records = new HashMap<>();
    final Set<String> failing = new HashSet<>();
    final List<String> queries = new ArrayList<>();

    FakeDmarcDns add(String name, String... txt) {
        records.computeIfAbsent(name, n -> new ArrayList<>()).addAll(List.of(txt));
        return this;
    }

    @Override
    public Optional<List<String>> txt(String name) throws DmarcDnsException {
        queries.add(name);
        if (failing.contains(name)) {
            throw new DmarcDnsException("SERVFAIL for " + name);
        }
        return Optional.ofNullable(records.get(name)).map(List::copyOf);
    }
}
