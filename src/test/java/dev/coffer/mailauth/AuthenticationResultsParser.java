package dev.coffer.mailauth;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads an Authentication-Results field back (RFC 8601 §2.2), independently of the writer:
 * unfold, drop comments, split resinfos at ";" outside quotes, then method=result and ptype.property=value.
 */
final class AuthenticationResultsParser {

    record Resinfo(String method, String result, Map<String, String> properties) {}

    record Parsed(String authservId, List<Resinfo> results, boolean none) {}

    static Parsed parse(String field) {
        int colon = field.indexOf(':');
        if (!field.substring(0, colon).equalsIgnoreCase("Authentication-Results")) {
            throw new IllegalArgumentException("not an Authentication-Results field");
        }
        String body = withoutComments(field.substring(colon + 1).replace("\r\n", ""));
        List<String> parts = splitOutsideQuotes(body);
        String authservId = parts.getFirst().strip();
        List<Resinfo> results = new ArrayList<>();
        if (parts.size() == 2 && parts.get(1).strip().equals("none")) {
            return new Parsed(authservId, results, true);
        }
        for (String part : parts.subList(1, parts.size())) {
            List<String> words = words(part.strip());
            String[] methodResult = words.getFirst().split("=", 2);
            Map<String, String> properties = new LinkedHashMap<>();
            for (String word : words.subList(1, words.size())) {
                String[] pair = word.split("=", 2);
                if (pair.length != 2 || !pair[0].contains(".")) {
                    throw new IllegalArgumentException("not ptype.property=value: " + word);
                }
                properties.put(pair[0], unquoted(pair[1]));
            }
            results.add(new Resinfo(methodResult[0], methodResult[1], properties));
        }
        return new Parsed(authservId, results, false);
    }

    private static String withoutComments(String text) {
        StringBuilder out = new StringBuilder();
        int depth = 0;
        boolean quoted = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if ((depth > 0 || quoted) && c == '\\') {
                if (quoted) {
                    out.append(c).append(text.charAt(i + 1));
                }
                i++;
                continue;
            }
            if (!quoted && c == '(') {
                depth++;
            } else if (!quoted && c == ')') {
                if (depth == 0) {
                    throw new IllegalArgumentException("unbalanced ) in " + text);
                }
                depth--;
            } else if (depth == 0) {
                if (c == '"') {
                    quoted = !quoted;
                }
                out.append(c);
            }
        }
        if (depth != 0 || quoted) {
            throw new IllegalArgumentException("unbalanced comment or quote in " + text);
        }
        return out.toString();
    }

    private static List<String> splitOutsideQuotes(String text) {
        List<String> parts = new ArrayList<>();
        boolean quoted = false;
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted && c == '\\') {
                i++;
            } else if (c == '"') {
                quoted = !quoted;
            } else if (c == ';' && !quoted) {
                parts.add(text.substring(start, i));
                start = i + 1;
            }
        }
        parts.add(text.substring(start));
        return parts;
    }

    private static List<String> words(String text) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted && c == '\\') {
                word.append(c).append(text.charAt(++i));
                continue;
            }
            if (c == '"') {
                quoted = !quoted;
            }
            if (Character.isWhitespace(c) && !quoted) {
                if (!word.isEmpty()) {
                    words.add(word.toString());
                    word.setLength(0);
                }
            } else {
                word.append(c);
            }
        }
        if (!word.isEmpty()) {
            words.add(word.toString());
        }
        return words;
    }

    private static String unquoted(String value) {
        if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
            return value.substring(1, value.length() - 1).replaceAll("\\\\(.)", "$1");
        }
        return value;
    }
}
