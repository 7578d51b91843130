package dev.coffer.filter.sieve;

import java.util.Locale;

/** A match type with a comparator (RFC 5228 §2.7.1, §2.7.3; RFC 4790 §9.2, §9.3). */
record Match(Type type, Comparator comparator) {

    enum Type { IS, CONTAINS, MATCHES }

    enum Comparator {
        OCTET("i;octet"), ASCII_CASEMAP("i;ascii-casemap");

        final String name;

        Comparator(String name) {
            this.name = name;
        }

        String normalize(String value) {
            return this == OCTET ? value : asciiLower(value);
        }
    }

    static final Match DEFAULT = new Match(Type.IS, Comparator.ASCII_CASEMAP);

    boolean matches(String value, String key) {
        String v = comparator.normalize(value);
        String k = comparator.normalize(key);
        return switch (type) {
            case IS -> v.equals(k);
            case CONTAINS -> v.contains(k);
            case MATCHES -> glob(v, 0, k, 0);
        };
    }

    /** RFC 4790 §9.2: only A-Z fold to a-z; other characters stay as they are. */
    static String asciiLower(String value) {
        StringBuilder folded = null;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c >= 'A' && c <= 'Z') {
                if (folded == null) {
                    folded = new StringBuilder(value);
                }
                folded.setCharAt(i, (char) (c + ('a' - 'A')));
            }
        }
        return folded == null ? value : folded.toString();
    }

    /** RFC 5228 §2.7.1: "*" is any run, "?" one character, "\" makes the next character literal. */
    private static boolean glob(String value, int v, String pattern, int p) {
        int star = -1;
        int starValue = -1;
        while (v < value.length()) {
            if (p < pattern.length()) {
                char c = pattern.charAt(p);
                if (c == '*') {
                    star = ++p;
                    starValue = v;
                    continue;
                }
                if (c == '?') {
                    v += Character.charCount(value.codePointAt(v));
                    p++;
                    continue;
                }
                if (c == '\\' && p + 1 < pattern.length()) {
                    c = pattern.charAt(p + 1);
                    if (value.charAt(v) == c) {
                        v++;
                        p += 2;
                        continue;
                    }
                } else if (value.charAt(v) == c) {
                    v++;
                    p++;
                    continue;
                }
            }
            if (star < 0) {
                return false;
            }
            p = star;
            v = ++starValue;
        }
        while (p < pattern.length() && pattern.charAt(p) == '*') {
            p++;
        }
        return p == pattern.length();
    }

    @Override
    public String toString() {
        return ":" + type.name().toLowerCase(Locale.ROOT) + " " + comparator.name;
    }
}
