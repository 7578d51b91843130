package dev.coffer.crypto;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A parsed Content-Type value (RFC 2045 §5.1): type, subtype and parameters. Comments and RFC 2231
 * continuations are not interpreted; that is enough to recognise a message's top-level type.
 */
record MediaType(String type, String subtype, Map<String, String> parameters) {

    static MediaType parse(String value) {
        String[] parts = splitUnquoted(value);
        String mediaType = parts[0].strip().toLowerCase(Locale.ROOT);
        int slash = mediaType.indexOf('/');
        String type = slash < 0 ? mediaType : mediaType.substring(0, slash).strip();
        String subtype = slash < 0 ? "" : mediaType.substring(slash + 1).strip();
        Map<String, String> parameters = new LinkedHashMap<>();
        for (int i = 1; i < parts.length; i++) {
            int equals = parts[i].indexOf('=');
            if (equals > 0) {
                String name = parts[i].substring(0, equals).strip().toLowerCase(Locale.ROOT);
                parameters.putIfAbsent(name, unquote(parts[i].substring(equals + 1).strip()));
            }
        }
        return new MediaType(type, subtype, Map.copyOf(parameters));
    }

    boolean is(String wantedType, String wantedSubtype) {
        return type.equals(wantedType) && subtype.equals(wantedSubtype);
    }

    Optional<String> parameter(String name) {
        return Optional.ofNullable(parameters.get(name.toLowerCase(Locale.ROOT)));
    }

    private static String[] splitUnquoted(String value) {
        List<String> parts = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (quoted && c == '\\' && i + 1 < value.length()) {
                current.append(c).append(value.charAt(++i));
                continue;
            }
            if (c == '"') {
                quoted = !quoted;
            }
            if (c == ';' && !quoted) {
                parts.add(current.toString());
                current.setLength(0);
            } else {
                current.append(c);
            }
        }
        parts.add(current.toString());
        return parts.toArray(String[]::new);
    }

    // RFC 2045 §5.1: value := token / quoted-string
    private static String unquote(String value) {
        if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
            return value.substring(1, value.length() - 1).replaceAll("\\\\(.)", "$1");
        }
        return value;
    }
}
