package dev.coffer.mailauth.dkim;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A parsed tag-list (RFC 6376 §3.2): {@code tag=value; tag=value}, used by both the
 * DKIM-Signature field and the key record. Values keep their inner whitespace; the tags
 * that ignore it (base64, {@code h=}) strip it themselves.
 */
public record TagList(Map<String, String> tags) {

    public TagList {
        tags = Collections.unmodifiableMap(new LinkedHashMap<>(tags));
    }

    public Optional<String> get(String name) {
        return Optional.ofNullable(tags.get(name));
    }

    public String require(String name, String what) throws DkimParseException {
        String value = tags.get(name);
        if (value == null) {
            throw new DkimParseException(what + " has no " + name + "= tag, which is required");
        }
        return value;
    }

    /** Parses {@code text}; {@code what} names the field in error messages ("DKIM-Signature"). */
    public static TagList parse(String text, String what) throws DkimParseException {
        Map<String, String> tags = new LinkedHashMap<>();
        String[] specs = text.split(";", -1);
        for (int i = 0; i < specs.length; i++) {
            String spec = specs[i];
            // RFC 6376 §3.2: tag-list = tag-spec *( ";" tag-spec ) [ ";" ]: one trailing ";" allowed
            if (isFws(spec)) {
                if (i == specs.length - 1 && i > 0) {
                    break;
                }
                throw new DkimParseException(what + " has an empty tag-spec (\";;\" or a leading \";\")");
            }
            int eq = spec.indexOf('=');
            if (eq < 0) {
                throw new DkimParseException(what + " has a tag-spec without \"=\": \""
                        + abbreviate(stripFws(spec)) + "\"");
            }
            String name = stripFws(spec.substring(0, eq));
            // RFC 6376 §3.2: tag-name = ALPHA *ALNUMPUNC
            if (!validTagName(name)) {
                throw new DkimParseException(what + " has an invalid tag name \"" + abbreviate(name) + "\"");
            }
            String value = stripFws(spec.substring(eq + 1));
            // RFC 6376 §3.2: tval = 1*VALCHAR, VALCHAR = %x21-3A / %x3C-7E, whitespace between
            // tvals; RFC 8616 §4 adds UTF-8 (seen here as octets 0x80-0xFF) for i= local parts
            for (int k = 0; k < value.length(); k++) {
                char c = value.charAt(k);
                if (!(c >= 0x21 && c <= 0x7e) && c < 0x80 && !isFwsChar(c)) {
                    throw new DkimParseException(what + " tag " + name + "= contains the control character 0x"
                            + Integer.toHexString(c));
                }
            }
            // RFC 6376 §3.2: a tag name occurring more than once makes the entire tag-list invalid
            if (tags.putIfAbsent(name, value) != null) {
                throw new DkimParseException(what + " has the tag " + name + "= more than once");
            }
        }
        return new TagList(tags);
    }

    /** Removes every whitespace and folding character (for base64 values, RFC 6376 §3.5 b=/bh=). */
    public static String removeFws(String value) {
        StringBuilder out = new StringBuilder(value.length());
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (!isFwsChar(c)) {
                out.append(c);
            }
        }
        return out.toString();
    }

    public static String stripFws(String s) {
        int start = 0;
        int end = s.length();
        while (start < end && isFwsChar(s.charAt(start))) {
            start++;
        }
        while (end > start && isFwsChar(s.charAt(end - 1))) {
            end--;
        }
        return s.substring(start, end);
    }

    static boolean isFwsChar(char c) {
        return c == ' ' || c == '\t' || c == '\r' || c == '\n';
    }

    private static boolean isFws(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (!isFwsChar(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static boolean validTagName(String name) {
        if (name.isEmpty() || !isAlpha(name.charAt(0))) {
            return false;
        }
        for (int i = 1; i < name.length(); i++) {
            char c = name.charAt(i);
            if (!isAlpha(c) && !(c >= '0' && c <= '9') && c != '_') {
                return false;
            }
        }
        return true;
    }

    private static boolean isAlpha(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    public static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "…";
    }
}
