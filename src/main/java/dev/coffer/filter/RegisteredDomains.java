package dev.coffer.filter;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.IDN;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The registered domain of a host name (its public suffix plus one label), by the
 * publicsuffix.org algorithm over the list vendored in the jar. URI blocklists list
 * registered domains, so links are looked up at that level.
 */
public final class RegisteredDomains {

    private static final String RESOURCE = "/publicsuffix/public_suffix_list.dat";

    private final Set<String> rules;
    private final Set<String> wildcardParents;
    private final Set<String> exceptions;

    private RegisteredDomains(Set<String> rules, Set<String> wildcardParents, Set<String> exceptions) {
        this.rules = Set.copyOf(rules);
        this.wildcardParents = Set.copyOf(wildcardParents);
        this.exceptions = Set.copyOf(exceptions);
    }

    /** Reads the vendored list; keep the instance, reading takes a few milliseconds. */
    public static RegisteredDomains mozilla() {
        Set<String> rules = new HashSet<>();
        Set<String> wildcards = new HashSet<>();
        Set<String> exceptions = new HashSet<>();
        try (InputStream in = RegisteredDomains.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the jar lacks " + RESOURCE);
            }
            BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                String rule = line.strip().split("\\s", 2)[0];
                if (rule.isEmpty() || rule.startsWith("//")) {
                    continue;
                }
                if (rule.startsWith("!")) {
                    exceptions.add(ascii(rule.substring(1)));
                } else if (rule.startsWith("*.")) {
                    wildcards.add(ascii(rule.substring(2)));
                } else {
                    rules.add(ascii(rule));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
        return new RegisteredDomains(rules, wildcards, exceptions);
    }

    /** The public suffix plus one label of {@code host}; empty for a public suffix or a bad name. */
    public Optional<String> of(String host) {
        String[] labels;
        try {
            labels = ascii(host).split("\\.");
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        if (labels.length < 2 || Arrays.stream(labels).anyMatch(String::isEmpty)) {
            return Optional.empty();
        }
        int suffixStart = suffixStart(labels);
        return suffixStart == 0 ? Optional.empty() : Optional.of(join(labels, suffixStart - 1));
    }

    /** Where the public suffix begins: an exception rule wins, else the longest matching rule, else "*". */
    private int suffixStart(String[] labels) {
        for (int i = 0; i < labels.length; i++) {
            if (exceptions.contains(join(labels, i))) {
                return i + 1;
            }
        }
        for (int i = 0; i < labels.length; i++) {
            if (rules.contains(join(labels, i))
                    || (i + 1 < labels.length && wildcardParents.contains(join(labels, i + 1)))) {
                return i;
            }
        }
        return labels.length - 1;
    }

    private static String join(String[] labels, int from) {
        return String.join(".", Arrays.copyOfRange(labels, from, labels.length));
    }

    private static String ascii(String name) {
        String trimmed = name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
        return IDN.toASCII(trimmed, IDN.ALLOW_UNASSIGNED).toLowerCase(Locale.ROOT);
    }
}
