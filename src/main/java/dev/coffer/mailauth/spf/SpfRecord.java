package dev.coffer.mailauth.spf;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An SPF record, parsed whole before it is evaluated, so that a syntax error anywhere in it is a
 * permerror (RFC 7208 §4.6).
 *
 * @param directives  the mechanisms with their qualifiers, in record order (§4.6.2)
 * @param redirect    the domain-spec of redirect=, or null (§6.1)
 * @param explanation the domain-spec of exp=, or null (§6.2)
 */
record SpfRecord(List<SpfDirective> directives, SpfMacro redirect, SpfMacro explanation) {

    private static final String VERSION = "v=spf1";
    /** RFC 7208 §4.6.1: a modifier is name "=" ..., name = ALPHA *( ALPHA / DIGIT / "-" / "_" / "." ). */
    private static final Pattern MODIFIER = Pattern.compile("([A-Za-z][A-Za-z0-9._-]*)=(.*)", Pattern.DOTALL);
    /** RFC 7208 §5.3, §5.4: [ ":" domain-spec ] [ "/" ip4-cidr-length ] [ "//" ip6-cidr-length ]. */
    private static final Pattern DUAL_CIDR =
            Pattern.compile("(.*?)(?:/(0|[1-9][0-9]?))?(?://(0|[1-9][0-9]{0,2}))?", Pattern.DOTALL);
    /** RFC 7208 §5.6: ip4-cidr-length = "/" ("0" / %x31-39 0*1DIGIT); no leading zero. */
    private static final Pattern IP4_PREFIX = Pattern.compile("0|[1-9][0-9]?");
    /** RFC 7208 §5.6: ip6-cidr-length = "/" ("0" / %x31-39 0*2DIGIT). */
    private static final Pattern IP6_PREFIX = Pattern.compile("0|[1-9][0-9]{0,2}");

    public SpfRecord {
        directives = List.copyOf(directives);
    }

    /**
     * RFC 7208 §4.5: an SPF record starts with "v=spf1" (in any case) followed by a space or its end;
     * other TXT records at the name are not SPF's business.
     */
    static boolean isSpfRecord(String txt) {
        return txt.regionMatches(true, 0, VERSION, 0, VERSION.length())
                && (txt.length() == VERSION.length() || txt.charAt(VERSION.length()) == ' ');
    }

    /** Parses a record that {@link #isSpfRecord} selected. */
    static SpfRecord parse(String txt) throws SpfSyntaxException {
        if (!isSpfRecord(txt)) {
            throw new SpfSyntaxException("the record does not start with v=spf1");
        }
        List<SpfDirective> directives = new ArrayList<>();
        SpfMacro redirect = null;
        SpfMacro explanation = null;
        // RFC 7208 §4.6.1: terms are separated by one or more spaces, and nothing else
        for (String term : txt.substring(VERSION.length()).split(" ")) {
            if (term.isEmpty()) {
                continue;
            }
            Matcher modifier = MODIFIER.matcher(term);
            if (!modifier.matches()) {
                directives.add(directive(term));
                continue;
            }
            String name = modifier.group(1).toLowerCase(Locale.ROOT);
            String value = modifier.group(2);
            switch (name) {
                case "redirect" -> {
                    // RFC 7208 §6: redirect and exp MUST NOT appear more than once each
                    if (redirect != null) {
                        throw new SpfSyntaxException("redirect= appears twice");
                    }
                    redirect = domainSpec(value, term);
                }
                case "exp" -> {
                    if (explanation != null) {
                        throw new SpfSyntaxException("exp= appears twice");
                    }
                    explanation = domainSpec(value, term);
                }
                // RFC 7208 §6: unknown modifiers are ignored, but must be well-formed (§12 unknown-modifier)
                default -> SpfMacro.parse(value, SpfMacro.Use.UNKNOWN_MODIFIER);
            }
        }
        return new SpfRecord(directives, redirect, explanation);
    }

    private static SpfDirective directive(String term) throws SpfSyntaxException {
        SpfQualifier qualifier = SpfQualifier.of(term.charAt(0));
        String body = qualifier == null ? term : term.substring(1);
        if (qualifier == null) {
            qualifier = SpfQualifier.PASS; // RFC 7208 §4.6.2: the qualifier defaults to "+"
        }
        int end = 0;
        while (end < body.length() && body.charAt(end) != ':' && body.charAt(end) != '/') {
            end++;
        }
        String name = body.substring(0, end).toLowerCase(Locale.ROOT);
        String args = body.substring(end);
        SpfMechanism mechanism = switch (name) {
            case "all" -> {
                if (!args.isEmpty()) {
                    throw new SpfSyntaxException("\"all\" takes no argument, in " + quoted(term));
                }
                yield new SpfMechanism.All();
            }
            case "include" -> new SpfMechanism.Include(requiredDomainSpec(args, term));
            case "exists" -> new SpfMechanism.Exists(requiredDomainSpec(args, term));
            case "a", "mx" -> addressMechanism(name, args, term);
            case "ptr" -> {
                if (!args.isEmpty() && !args.startsWith(":")) {
                    throw new SpfSyntaxException("\"ptr\" takes no prefix length, in " + quoted(term));
                }
                yield new SpfMechanism.Ptr(args.isEmpty() ? null : domainSpec(args.substring(1), term));
            }
            case "ip4" -> ip4(args, term);
            case "ip6" -> ip6(args, term);
            default -> throw new SpfSyntaxException("unknown mechanism " + quoted(term));
        };
        return new SpfDirective(qualifier, mechanism, SpfMacro.printable(term));
    }

    /** RFC 7208 §5.3, §5.4: "a" and "mx" take an optional domain-spec and an optional dual-cidr-length. */
    private static SpfMechanism addressMechanism(String name, String args, String term) throws SpfSyntaxException {
        Matcher parts = DUAL_CIDR.matcher(args);
        if (!parts.matches()) {
            throw new SpfSyntaxException("bad arguments in " + quoted(term));
        }
        String spec = parts.group(1);
        SpfMacro domain = null;
        if (spec.startsWith(":")) {
            domain = domainSpec(spec.substring(1), term);
        } else if (!spec.isEmpty()) {
            throw new SpfSyntaxException("bad arguments in " + quoted(term));
        }
        int ip4Prefix = parts.group(2) == null ? 32 : Integer.parseInt(parts.group(2));
        int ip6Prefix = parts.group(3) == null ? 128 : Integer.parseInt(parts.group(3));
        if (ip4Prefix > 32 || ip6Prefix > 128) {
            // RFC 7208 §5.6: prefix lengths beyond the address size are invalid
            throw new SpfSyntaxException("a prefix length is too long in " + quoted(term));
        }
        return name.equals("a") ? new SpfMechanism.A(domain, ip4Prefix, ip6Prefix)
                : new SpfMechanism.Mx(domain, ip4Prefix, ip6Prefix);
    }

    /** RFC 7208 §5.6: ip4 ":" ip4-network [ ip4-cidr-length ]. */
    private static SpfMechanism ip4(String args, String term) throws SpfSyntaxException {
        String[] network = networkAndPrefix(args, term);
        byte[] address = SpfAddresses.parseIp4(network[0]);
        if (address == null) {
            throw new SpfSyntaxException("not an IPv4 network: " + quoted(term));
        }
        return new SpfMechanism.Ip4(address, prefix(network[1], IP4_PREFIX, 32, term));
    }

    /** RFC 7208 §5.6: ip6 ":" ip6-network [ ip6-cidr-length ]. */
    private static SpfMechanism ip6(String args, String term) throws SpfSyntaxException {
        String[] network = networkAndPrefix(args, term);
        byte[] address = SpfAddresses.parseIp6(network[0]);
        if (address == null) {
            throw new SpfSyntaxException("not an IPv6 network: " + quoted(term));
        }
        return new SpfMechanism.Ip6(address, prefix(network[1], IP6_PREFIX, 128, term));
    }

    private static String[] networkAndPrefix(String args, String term) throws SpfSyntaxException {
        if (!args.startsWith(":")) {
            throw new SpfSyntaxException("a network is missing in " + quoted(term));
        }
        String network = args.substring(1);
        int slash = network.indexOf('/');
        return slash < 0 ? new String[] {network, null}
                : new String[] {network.substring(0, slash), network.substring(slash + 1)};
    }

    private static int prefix(String text, Pattern syntax, int max, String term) throws SpfSyntaxException {
        if (text == null) {
            return max;
        }
        if (!syntax.matcher(text).matches() || Integer.parseInt(text) > max) {
            throw new SpfSyntaxException("bad prefix length in " + quoted(term));
        }
        return Integer.parseInt(text);
    }

    private static SpfMacro requiredDomainSpec(String args, String term) throws SpfSyntaxException {
        if (!args.startsWith(":")) {
            throw new SpfSyntaxException("a domain is missing in " + quoted(term));
        }
        return domainSpec(args.substring(1), term);
    }

    private static SpfMacro domainSpec(String text, String term) throws SpfSyntaxException {
        try {
            return SpfMacro.parse(text, SpfMacro.Use.DOMAIN_SPEC);
        } catch (SpfSyntaxException e) {
            throw new SpfSyntaxException(e.getMessage() + ", in " + quoted(term));
        }
    }

    private static String quoted(String term) {
        return "\"" + SpfMacro.printable(term) + "\"";
    }
}
