package dev.coffer.dns.check;

/** How one check of {@code coffer check-domain} came out. */
public enum Verdict {
    PASS, WARN, FAIL
}
