package dev.coffer.account;

import java.util.Locale;
import java.util.regex.Pattern;

/** Domain name syntax and normal form (lower case, no trailing dot). */
public final class Domains {

    // RFC 1035 §2.3.1 labels (letters, digits, hyphens), at least two labels.
    private static final Pattern NAME = Pattern.compile(
            "(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");

    private Domains() {}

    public static String normalize(String domain) {
        String lower = domain.strip().toLowerCase(Locale.ROOT);
        return lower.endsWith(".") ? lower.substring(0, lower.length() - 1) : lower;
    }

    public static boolean isValid(String normalized) {
        return NAME.matcher(normalized).matches();
    }
}
