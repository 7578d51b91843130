package dev.coffer.web;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/** The host a request was sent to, from its Host header (RFC 9110 §7.2), as a lower-case name without port. */
final class RequestHost {

    // RFC 1123 host names, or an IPv4 literal; anything else (IPv6 literals included) has no name to dispatch on.
    private static final Pattern NAME = Pattern.compile("[a-z0-9]([a-z0-9-]{0,62})?(\\.[a-z0-9]([a-z0-9-]{0,62})?)*");

    private RequestHost() {}

    /** The name, or empty when the header is missing or is not a usable host name. */
    static Optional<String> name(String hostHeader) {
        if (hostHeader == null || hostHeader.isEmpty() || hostHeader.length() > 260 || hostHeader.startsWith("[")) {
            return Optional.empty();
        }
        String host = hostHeader.strip().toLowerCase(Locale.ROOT);
        int colon = host.indexOf(':');
        if (colon >= 0) {
            String port = host.substring(colon + 1);
            if (!port.chars().allMatch(Character::isDigit)) {
                return Optional.empty();
            }
            host = host.substring(0, colon);
        }
        if (host.endsWith(".")) {
            host = host.substring(0, host.length() - 1);
        }
        return host.length() <= 253 && NAME.matcher(host).matches() ? Optional.of(host) : Optional.empty();
    }

    /** The part of {@code host} after {@code label + "."}, e.g. the domain of {@code mta-sts.example.org}. */
    static Optional<String> under(String label, String host) {
        String prefix = label + ".";
        return host.startsWith(prefix) && host.length() > prefix.length()
                ? Optional.of(host.substring(prefix.length()))
                : Optional.empty();
    }
}
