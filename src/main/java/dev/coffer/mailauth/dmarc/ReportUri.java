package dev.coffer.mailauth.dmarc;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One {@code rua=} or {@code ruf=} destination (RFC 7489 §6.4 dmarc-uri): a URI and an optional
 * size limit, {@code mailto:dmarc@example.com!10m}.
 *
 * @param uri      the destination
 * @param maxBytes the largest report the Domain Owner accepts there, 0 for no limit (§6.2)
 */
public record ReportUri(URI uri, long maxBytes) {

    /** RFC 7489 §6.4: {@code "!" 1*DIGIT [ "k" / "m" / "g" / "t" ]} at the end of the URI. */
    private static final Pattern SIZE_LIMIT = Pattern.compile("!([0-9]{1,15})([kKmMgGtT]?)$");

    /** The mail address of a {@code mailto:} URI; empty for other schemes or a mailto without an address. */
    public Optional<String> mailto() {
        if (!"mailto".equalsIgnoreCase(uri.getScheme())) {
            return Optional.empty();
        }
        String address = uri.getSchemeSpecificPart();
        int query = address.indexOf('?');
        if (query >= 0) {
            address = address.substring(0, query);
        }
        int at = address.lastIndexOf('@');
        if (at <= 0 || at == address.length() - 1 || address.contains(",")
                || address.chars().anyMatch(c -> c <= 0x20 || c >= 0x7f)) {
            return Optional.empty();
        }
        return Optional.of(address);
    }

    /** The domain of a {@code mailto:} address, lower case. */
    public Optional<String> mailtoDomain() {
        return mailto().map(address -> address.substring(address.lastIndexOf('@') + 1).toLowerCase(Locale.ROOT));
    }

    /** Whether a report of {@code size} octets may go here (RFC 7489 §6.2 size limit). */
    public boolean accepts(long size) {
        return maxBytes == 0 || size <= maxBytes;
    }

    /** Parses one dmarc-uri; empty when it is not a URI with a scheme (such URIs are ignored). */
    static Optional<ReportUri> parse(String text) {
        String value = text.strip();
        long limit = 0;
        Matcher size = SIZE_LIMIT.matcher(value);
        if (size.find()) {
            limit = saturatedProduct(Long.parseLong(size.group(1)), multiplier(size.group(2)));
            value = value.substring(0, size.start());
        }
        try {
            URI uri = new URI(value);
            if (uri.getScheme() == null) {
                return Optional.empty();
            }
            return Optional.of(new ReportUri(uri, limit));
        } catch (URISyntaxException e) {
            return Optional.empty();
        }
    }

    private static long saturatedProduct(long a, long b) {
        try {
            return Math.multiplyExact(a, b);
        } catch (ArithmeticException tooLarge) {
            return Long.MAX_VALUE;
        }
    }

    /** RFC 7489 §6.4: the units are powers of two (k = 2^10). */
    private static long multiplier(String unit) {
        return switch (unit.toLowerCase(Locale.ROOT)) {
            case "k" -> 1L << 10;
            case "m" -> 1L << 20;
            case "g" -> 1L << 30;
            case "t" -> 1L << 40;
            default -> 1;
        };
    }

    @Override
    public String toString() {
        return maxBytes == 0 ? uri.toString() : uri + "!" + maxBytes;
    }
}
