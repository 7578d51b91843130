package dev.coffer.filter.sieve;

/**
 * The limits on users' Sieve scripts, enforced at upload and at run time.
 *
 * @param maxScriptOctets    largest script, in octets of UTF-8
 * @param maxScripts         scripts one account may keep
 * @param maxRedirects       redirect actions one message may cause (RFC 5228 §4.2 asks for a limit)
 * @param maxNestingDepth    deepest nesting of blocks and tests
 * @param maxScriptNameChars longest script name
 */
public record SieveLimits(int maxScriptOctets, int maxScripts, int maxRedirects, int maxNestingDepth,
                          int maxScriptNameChars) {

    public SieveLimits {
        if (maxScriptOctets < 1 || maxScripts < 1 || maxRedirects < 0 || maxNestingDepth < 1 || maxScriptNameChars < 1) {
            throw new IllegalArgumentException("Sieve limits must be positive");
        }
    }

    /** 64 KiB, 20 scripts, 5 redirects, 15 levels, 128 characters. */
    public static SieveLimits defaults() {
        return new SieveLimits(64 * 1024, 20, 5, 15, 128);
    }
}
