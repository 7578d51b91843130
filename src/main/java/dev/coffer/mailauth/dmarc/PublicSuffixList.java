package dev.coffer.mailauth.dmarc;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.net.IDN;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The Public Suffix List (https://publicsuffix.org/list/) and the Organizational Domain that
 * RFC 7489 §3.2 derives from it: the public suffix plus one label. Rules are kept as A-labels;
 * domains are compared in lower case.
 */
public final class PublicSuffixList {

    /** Mozilla's list as vendored in the jar (see publicsuffix/README.md for its MPL-2.0 licence). */
    public static final String RESOURCE = "/publicsuffix/public_suffix_list.dat";

    private final Set<String> rules;
    private final Set<String> wildcardParents;
    private final Set<String> exceptions;

    private PublicSuffixList(Set<String> rules, Set<String> wildcardParents, Set<String> exceptions) {
        this.rules = Set.copyOf(rules);
        this.wildcardParents = Set.copyOf(wildcardParents);
        this.exceptions = Set.copyOf(exceptions);
    }

    /** The list shipped with Coffer; read once per call, so keep the instance. */
    public static PublicSuffixList mozilla() {
        try (InputStream in = PublicSuffixList.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the jar lacks " + RESOURCE);
            }
            return parse(new InputStreamReader(in, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
    }

    /** Reads a list in the publicsuffix.org format: one rule per line, "//" comments. */
    public static PublicSuffixList parse(Reader text) throws IOException {
        Set<String> rules = new HashSet<>();
        Set<String> wildcards = new HashSet<>();
        Set<String> exceptions = new HashSet<>();
        BufferedReader lines = new BufferedReader(text);
        for (String line = lines.readLine(); line != null; line = lines.readLine()) {
            String rule = line.strip();
            int space = indexOfWhitespace(rule);
            if (space >= 0) {
                rule = rule.substring(0, space);
            }
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
        return new PublicSuffixList(rules, wildcards, exceptions);
    }

    /**
     * The public suffix of {@code domain} by the publicsuffix.org algorithm: an exception rule
     * wins, else the matching rule with the most labels, else the last label ("*").
     */
    public String publicSuffix(String domain) {
        String[] labels = labels(domain);
        if (labels.length == 0) {
            return "";
        }
        for (int i = 0; i < labels.length; i++) {
            if (exceptions.contains(join(labels, i))) {
                return join(labels, i + 1);
            }
        }
        for (int i = 0; i < labels.length; i++) {
            String suffix = join(labels, i);
            if (rules.contains(suffix) || (i + 1 < labels.length && wildcardParents.contains(join(labels, i + 1)))) {
                return suffix;
            }
        }
        return labels[labels.length - 1];
    }

    /**
     * RFC 7489 §3.2: the public suffix plus one more label of {@code domain}, or the domain itself
     * when it is a public suffix.
     */
    public String organizationalDomain(String domain) {
        return registrableDomain(domain).orElseGet(() -> normalise(domain));
    }

    /** The public suffix plus one label; empty when {@code domain} is itself a public suffix. */
    public Optional<String> registrableDomain(String domain) {
        String[] labels = labels(domain);
        if (labels.length == 0) {
            return Optional.empty();
        }
        int suffixLabels = publicSuffix(domain).split("\\.").length;
        if (labels.length <= suffixLabels) {
            return Optional.empty();
        }
        return Optional.of(join(labels, labels.length - suffixLabels - 1));
    }

    private static String[] labels(String domain) {
        String name = normalise(domain);
        return name.isEmpty() ? new String[0] : name.split("\\.");
    }

    /** Lower case, A-labels, without a trailing dot. */
    static String normalise(String domain) {
        String name = domain.strip();
        if (name.endsWith(".")) {
            name = name.substring(0, name.length() - 1);
        }
        return ascii(name);
    }

    private static String ascii(String name) {
        try {
            return IDN.toASCII(name, IDN.ALLOW_UNASSIGNED).toLowerCase(Locale.ROOT);
        } catch (IllegalArgumentException e) {
            return name.toLowerCase(Locale.ROOT);
        }
    }

    private static String join(String[] labels, int from) {
        return String.join(".", java.util.Arrays.asList(labels).subList(from, labels.length));
    }

    private static int indexOfWhitespace(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (Character.isWhitespace(text.charAt(i))) {
                return i;
            }
        }
        return -1;
    }
}
