package dev.coffer.mailauth.spf;

import dev.coffer.mailauth.spf.SpfResult.Code;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One run of check_host() (RFC 7208 §4) with its recursive includes and redirects, and the
 * counters its limits need (§4.6.4). Used once, by {@link SpfVerifier}.
 */
final class SpfEvaluation {

    private final SpfDns dns;
    private final SpfLimits limits;
    private final Clock clock;
    private final long deadlineMillis;
    private final SpfMacro defaultExplanation;
    private final String receiver;

    private final InetAddress client;
    private final boolean ipv4;
    private final String sender;
    private final String localPart;
    private final String senderDomain;
    private final String helo;

    private int dnsMechanisms;
    private int voidLookups;
    /** RFC 7208 §5.5: the client's PTR names and the validated ones, looked up at most once. */
    private List<String> ptrNames;
    private List<String> validatedNames;

    /** A result that ends the whole check at once: a permerror or temperror anywhere (§4.6.4, §5.2). */
    private static final class Stop extends Exception {
        final Code code;

        private Stop(Code code, String message) {
            super(message, null, false, false);
            this.code = code;
        }

        static Stop perm(String message) {
            return new Stop(Code.PERMERROR, message);
        }

        static Stop temp(String message) {
            return new Stop(Code.TEMPERROR, message);
        }
    }

    /** The result of check_host() for one domain, and why. */
    private record Outcome(Code code, String explanation) {}

    SpfEvaluation(SpfDns dns, SpfLimits limits, Clock clock, SpfMacro defaultExplanation, String receiver,
                  InetAddress client, String localPart, String senderDomain, String helo) {
        this.dns = dns;
        this.limits = limits;
        this.clock = clock;
        this.deadlineMillis = clock.millis() + limits.maxElapsed().toMillis();
        this.defaultExplanation = defaultExplanation;
        this.receiver = receiver;
        this.client = SpfAddresses.normalize(client);
        this.ipv4 = this.client instanceof Inet4Address;
        this.localPart = localPart;
        this.senderDomain = senderDomain;
        this.sender = localPart + "@" + senderDomain;
        this.helo = helo;
    }

    /** check_host(ip, domain, sender) for the top-level domain (RFC 7208 §4.1). */
    SpfResult run(String domain) {
        try {
            Outcome outcome = checkHost(domain, true);
            return new SpfResult(outcome.code(), domain, outcome.explanation());
        } catch (Stop stop) {
            return new SpfResult(stop.code, domain, stop.getMessage());
        }
    }

    /**
     * RFC 7208 §4.3–§4.7. {@code explain}: this domain's exp= may explain a fail; false inside an
     * include (§6.2: only the record that produced the fail explains it, redirect passes it on).
     */
    private Outcome checkHost(String domain, boolean explain) throws Stop {
        if (!SpfNames.isCheckableDomain(domain)) {
            return new Outcome(Code.NONE, SpfMacro.printable(domain) + " is not a domain name SPF can check");
        }
        SpfRecord record = record(domain);
        if (record == null) {
            return new Outcome(Code.NONE, "no SPF record at " + domain);
        }
        for (SpfDirective directive : record.directives()) {
            if (matches(directive.mechanism(), domain)) {
                Code code = directive.qualifier().code();
                if (code == Code.FAIL && explain) {
                    return new Outcome(code, explanation(record, domain));
                }
                return new Outcome(code, directive.term() + " in the SPF record of " + domain + " matched");
            }
        }
        // RFC 7208 §6.1: redirect= applies only when no mechanism matched (so never after "all")
        if (record.redirect() != null) {
            countDnsMechanism();
            String target = targetName(record.redirect(), domain).orElseThrow(
                    () -> Stop.perm("redirect= in the SPF record of " + domain + " names no valid domain"));
            Outcome outcome = checkHost(target, explain);
            if (outcome.code() == Code.NONE) {
                // RFC 7208 §6.1: a redirect to a domain without an SPF record is a permerror
                throw Stop.perm("redirect= in the SPF record of " + domain + " names " + target
                        + ", which has no SPF record");
            }
            return outcome;
        }
        // RFC 7208 §4.7: no match and no redirect is neutral
        return new Outcome(Code.NEUTRAL, "no mechanism in the SPF record of " + domain + " matched");
    }

    /** RFC 7208 §4.4, §4.5: the one SPF record at {@code domain}, parsed; null if there is none. */
    private SpfRecord record(String domain) throws Stop {
        List<String> records = new ArrayList<>();
        for (String txt : query("TXT", domain, () -> dns.txt(domain))) {
            if (SpfRecord.isSpfRecord(txt)) {
                records.add(txt);
            }
        }
        if (records.isEmpty()) {
            return null;
        }
        if (records.size() > 1) {
            throw Stop.perm("more than one SPF record at " + domain);
        }
        try {
            return SpfRecord.parse(records.getFirst());
        } catch (SpfSyntaxException e) {
            throw Stop.perm("the SPF record of " + domain + " is invalid: " + e.getMessage());
        }
    }

    /** RFC 7208 §5: whether one mechanism matches the client. */
    private boolean matches(SpfMechanism mechanism, String domain) throws Stop {
        if (mechanism.queriesDns()) {
            countDnsMechanism();
        }
        return switch (mechanism) {
            case SpfMechanism.All all -> true;
            case SpfMechanism.Ip4 ip4 -> ipv4 && SpfAddresses.inNetwork(client.getAddress(), ip4.network(), ip4.prefix());
            case SpfMechanism.Ip6 ip6 -> !ipv4 && SpfAddresses.inNetwork(client.getAddress(), ip6.network(), ip6.prefix());
            case SpfMechanism.Include include -> include(include, domain);
            case SpfMechanism.A a -> {
                Optional<String> target = targetName(a.domain(), domain);
                yield target.isPresent() && anyMatches(addresses(target.get(), true), a.ip4Prefix(), a.ip6Prefix());
            }
            case SpfMechanism.Mx mx -> {
                Optional<String> target = targetName(mx.domain(), domain);
                yield target.isPresent() && mxMatches(target.get(), mx.ip4Prefix(), mx.ip6Prefix());
            }
            case SpfMechanism.Ptr ptr -> {
                Optional<String> target = targetName(ptr.domain(), domain);
                yield target.isPresent() && validatedNames(true).stream().anyMatch(name -> SpfNames.isWithin(name, target.get()));
            }
            case SpfMechanism.Exists exists -> {
                // RFC 7208 §5.7: an A query whatever the client's address family
                Optional<String> target = targetName(exists.domain(), domain);
                yield target.isPresent() && !countVoid(query("A", target.get(), () -> dns.a(target.get()))).isEmpty();
            }
        };
    }

    /** RFC 7208 §5.2: pass matches; fail, softfail and neutral do not; none is a permerror. */
    private boolean include(SpfMechanism.Include include, String domain) throws Stop {
        Optional<String> target = targetName(include.domain(), domain);
        if (target.isEmpty()) {
            throw Stop.perm("include: in the SPF record of " + domain + " names no valid domain");
        }
        Outcome outcome = checkHost(target.get(), false);
        if (outcome.code() == Code.NONE) {
            throw Stop.perm("include:" + target.get() + " in the SPF record of " + domain + " has no SPF record");
        }
        return outcome.code() == Code.PASS;
    }

    /** RFC 7208 §5.4: the addresses of each MX host, at most 10 hosts (§4.6.4). */
    private boolean mxMatches(String target, int ip4Prefix, int ip6Prefix) throws Stop {
        List<String> hosts = countVoid(query("MX", target, () -> dns.mx(target)));
        if (hosts.size() > limits.mxNames()) {
            throw Stop.perm(target + " has more than " + limits.mxNames() + " MX records");
        }
        for (String host : hosts) {
            Optional<String> name = SpfNames.queryName(host);
            // RFC 7505: a null MX ("." or "") names no host
            if (name.isPresent() && anyMatches(addresses(name.get(), false), ip4Prefix, ip6Prefix)) {
                return true;
            }
        }
        return false;
    }

    /**
     * RFC 7208 §5.5: the client's PTR names (at most 10, §4.6.4) whose addresses include the
     * client. A failed PTR lookup gives none; a failed address lookup skips that name.
     */
    private List<String> validatedNames(boolean countVoid) throws Stop {
        if (ptrNames == null) {
            beforeQuery();
            try {
                ptrNames = dns.ptr(SpfAddresses.reverseName(client));
            } catch (SpfDnsException e) {
                ptrNames = List.of();
                validatedNames = List.of();
                return validatedNames;
            }
            List<String> validated = new ArrayList<>();
            for (String ptr : ptrNames.subList(0, Math.min(ptrNames.size(), limits.ptrNames()))) {
                Optional<String> name = SpfNames.queryName(ptr);
                if (name.isEmpty()) {
                    continue;
                }
                beforeQuery();
                try {
                    List<InetAddress> addresses = ipv4 ? dns.a(name.get()) : dns.aaaa(name.get());
                    if (anyMatches(addresses, 32, 128)) {
                        validated.add(name.get());
                    }
                } catch (SpfDnsException skipped) {
                    // RFC 7208 §5.5: "that domain name is skipped and the search continues"
                }
            }
            validatedNames = List.copyOf(validated);
        }
        if (countVoid) {
            countVoid(ptrNames);
        }
        return validatedNames;
    }

    /** RFC 7208 §7.3 "p": the validated name that is the domain, else one within it, else any, else "unknown". */
    private String validatedName(String domain) {
        List<String> names;
        try {
            names = validatedNames(false);
        } catch (Stop timeUp) {
            return "unknown";
        }
        for (String name : names) {
            if (name.equalsIgnoreCase(SpfNames.withoutFinalDot(domain))) {
                return name;
            }
        }
        for (String name : names) {
            if (SpfNames.isWithin(name, domain)) {
                return name;
            }
        }
        return names.isEmpty() ? "unknown" : names.getFirst();
    }

    /**
     * RFC 7208 §6.2: the explanation of a fail: the TXT record that exp= names, macro-expanded; the
     * default explanation when there is no exp=, or its name, lookup or text is unusable.
     */
    private String explanation(SpfRecord record, String domain) {
        SpfMacro.Values values = values(domain);
        String fallback = defaultExplanation.expandText(values, limits.maxExplanationLength());
        if (record.explanation() == null || clock.millis() > deadlineMillis) {
            return fallback;
        }
        Optional<String> target = targetName(record.explanation(), domain);
        if (target.isEmpty()) {
            return fallback;
        }
        try {
            // not counted against the limits: the lookup comes after the result (RFC 7208 §4.6.4)
            List<String> texts = dns.txt(target.get());
            if (texts.size() != 1) {
                return fallback;
            }
            return SpfMacro.parse(texts.getFirst(), SpfMacro.Use.EXPLANATION)
                    .expandText(values, limits.maxExplanationLength());
        } catch (SpfDnsException | SpfSyntaxException e) {
            return fallback;
        }
    }

    /** The expanded domain-spec (or the current domain) as a name to query (RFC 7208 §4.8, §7.3). */
    private Optional<String> targetName(SpfMacro spec, String domain) {
        return SpfNames.queryName(spec == null ? domain : spec.expandDomain(values(domain)));
    }

    /** RFC 7208 §7.2: the macro values for a record of {@code domain}. */
    private SpfMacro.Values values(String domain) {
        return letter -> switch (letter) {
            case 's' -> sender;
            case 'l' -> localPart;
            case 'o' -> senderDomain;
            case 'd' -> domain;
            case 'i' -> SpfAddresses.macroForm(client);
            case 'p' -> validatedName(domain);
            case 'v' -> ipv4 ? "in-addr" : "ip6";
            case 'h' -> helo;
            case 'c' -> SpfAddresses.readableForm(client);
            case 'r' -> receiver;
            case 't' -> Long.toString(clock.millis() / 1000);
            default -> throw new IllegalArgumentException("no SPF macro letter: " + letter);
        };
    }

    /** The A or AAAA records of {@code name}, whichever the client's address family needs (RFC 7208 §5.3). */
    private List<InetAddress> addresses(String name, boolean termLookup) throws Stop {
        List<InetAddress> addresses = ipv4 ? query("A", name, () -> dns.a(name)) : query("AAAA", name, () -> dns.aaaa(name));
        return termLookup ? countVoid(addresses) : addresses;
    }

    private boolean anyMatches(List<InetAddress> addresses, int ip4Prefix, int ip6Prefix) {
        byte[] own = client.getAddress();
        for (InetAddress address : addresses) {
            byte[] bytes = address.getAddress();
            if (bytes.length == own.length && SpfAddresses.inNetwork(own, bytes, ipv4 ? ip4Prefix : ip6Prefix)) {
                return true;
            }
        }
        return false;
    }

    /** RFC 7208 §4.6.4: at most 10 terms that query the DNS, includes and redirects included. */
    private void countDnsMechanism() throws Stop {
        if (++dnsMechanisms > limits.dnsMechanisms()) {
            throw Stop.perm("the SPF check needs more than " + limits.dnsMechanisms()
                    + " DNS-querying mechanisms and redirects (RFC 7208 §4.6.4)");
        }
    }

    /** RFC 7208 §4.6.4: at most 2 terms whose lookup finds no name or no records. */
    private <T> List<T> countVoid(List<T> answer) throws Stop {
        if (answer.isEmpty() && ++voidLookups > limits.voidLookups()) {
            throw Stop.perm("the SPF check has more than " + limits.voidLookups()
                    + " lookups that found nothing (RFC 7208 §4.6.4)");
        }
        return answer;
    }

    @FunctionalInterface
    private interface Lookup<T> {
        List<T> get() throws SpfDnsException;
    }

    /** RFC 7208 §5: a DNS error or timeout stops the check with a temperror. */
    private <T> List<T> query(String type, String name, Lookup<T> lookup) throws Stop {
        beforeQuery();
        try {
            return lookup.get();
        } catch (SpfDnsException e) {
            throw Stop.temp("the DNS lookup of " + SpfMacro.printable(name) + "/" + type + " failed: " + e.getMessage());
        }
    }

    /** RFC 7208 §4.6.4: past the time limit the result is a temperror. */
    private void beforeQuery() throws Stop {
        if (clock.millis() > deadlineMillis) {
            throw Stop.temp("the SPF check took longer than " + limits.maxElapsed().toSeconds() + " s");
        }
    }
}
