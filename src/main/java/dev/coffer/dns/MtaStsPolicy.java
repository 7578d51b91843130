package dev.coffer.dns;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

/** An MTA-STS policy (RFC 8461 §3.2). */
public record MtaStsPolicy(String id, Mode mode, List<String> mxPatterns, Duration maxAge) {

    public enum Mode { ENFORCE, TESTING, NONE }

    /** RFC 8461 §4.1: an MX host matches a pattern exactly, or a {@code *.} pattern by its first label. */
    public boolean matches(String mxHost) {
        String host = mxHost.toLowerCase(Locale.ROOT);
        if (host.endsWith(".")) {
            host = host.substring(0, host.length() - 1);
        }
        for (String pattern : mxPatterns) {
            String p = pattern.toLowerCase(Locale.ROOT);
            if (p.startsWith("*.")) {
                int dot = host.indexOf('.');
                if (dot > 0 && host.substring(dot + 1).equals(p.substring(2))) {
                    return true;
                }
            } else if (host.equals(p)) {
                return true;
            }
        }
        return false;
    }
}
