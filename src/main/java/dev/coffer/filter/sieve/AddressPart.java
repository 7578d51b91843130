package dev.coffer.filter.sieve;

import java.util.Optional;

/** Which part of an address a test compares (RFC 5228 §2.7.4, RFC 5233 §4). */
enum AddressPart {
    ALL, LOCALPART, DOMAIN, USER, DETAIL;

    /**
     * The part of {@code address}, or empty when it has none (RFC 5233 §4: an address without
     * a separator has no :detail, so no key matches it).
     */
    Optional<String> of(String address, String separator) {
        int at = address.lastIndexOf('@');
        String local = at < 0 ? address : address.substring(0, at);
        String domain = at < 0 ? "" : address.substring(at + 1);
        int split = separator.isEmpty() ? -1 : local.indexOf(separator);
        return switch (this) {
            case ALL -> Optional.of(address);
            case LOCALPART -> Optional.of(local);
            case DOMAIN -> Optional.of(domain);
            case USER -> Optional.of(split < 0 ? local : local.substring(0, split));
            case DETAIL -> split < 0 ? Optional.empty() : Optional.of(local.substring(split + separator.length()));
        };
    }
}
