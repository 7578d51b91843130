package dev.coffer.mailauth.spf;

import java.util.Optional;

/** Which domain names SPF checks and queries (RFC 7208 §4.3, §7.3). */
final class SpfNames {

    /** RFC 1035 §2.3.4 and RFC 7208 §7.3: a domain name has at most 253 characters in text form. */
    static final int MAX_NAME_LENGTH = 253;
    /** RFC 1035 §2.3.4: a label has at most 63 octets. */
    static final int MAX_LABEL_LENGTH = 63;

    private SpfNames() {
    }

    /**
     * RFC 7208 §4.3: check_host() gives "none" for a domain that is malformed (a label that is empty
     * or longer than 63 characters), not multi-label, or not a name at all (an address literal
     * such as {@code [192.0.2.1]}, a bare IP address, a name with spaces or non-ASCII characters).
     */
    static boolean isCheckableDomain(String domain) {
        String name = withoutFinalDot(domain);
        if (name.isEmpty() || name.length() > MAX_NAME_LENGTH || name.startsWith("[")) {
            return false;
        }
        for (char c : name.toCharArray()) {
            if (c <= ' ' || c >= 0x7f || c == '@') {
                return false;
            }
        }
        String[] labels = name.split("\\.", -1);
        if (labels.length < 2 || !labelsFit(labels)) {
            return false;
        }
        // RFC 3696 §2: a top-level domain is not all-numeric, so "192.0.2.1" is no domain
        return !labels[labels.length - 1].chars().allMatch(Character::isDigit);
    }

    /**
     * The name to query for an expanded target: without its final dot, cut from the left to 253
     * characters (RFC 7208 §7.3); empty when it cannot be a DNS name (an empty or over-long label),
     * which makes the mechanism match nothing (RFC 7208 §4.3 by analogy; §4.8 leaves it open).
     */
    static Optional<String> queryName(String expanded) {
        String name = withoutFinalDot(expanded);
        while (name.length() > MAX_NAME_LENGTH) {
            int dot = name.indexOf('.');
            if (dot < 0) {
                return Optional.empty();
            }
            name = name.substring(dot + 1);
        }
        if (name.isEmpty() || !labelsFit(name.split("\\.", -1))) {
            return Optional.empty();
        }
        return Optional.of(name);
    }

    /** RFC 7208 §5.5: {@code name} is {@code domain} or a subdomain of it (case-insensitive). */
    static boolean isWithin(String name, String domain) {
        String n = withoutFinalDot(name);
        String d = withoutFinalDot(domain);
        return n.equalsIgnoreCase(d)
                || (n.length() > d.length() && n.regionMatches(true, n.length() - d.length(), d, 0, d.length())
                && n.charAt(n.length() - d.length() - 1) == '.');
    }

    static String withoutFinalDot(String name) {
        return name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
    }

    private static boolean labelsFit(String[] labels) {
        for (String label : labels) {
            if (label.isEmpty() || label.length() > MAX_LABEL_LENGTH) {
                return false;
            }
        }
        return true;
    }
}
