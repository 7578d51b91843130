package dev.coffer.dns.check;

/**
 * The outcome of one check: its name (stable, e.g. {@code spf} or {@code tlsa mx.example.org}),
 * the verdict, what was found, and, unless it passed, the fix in one sentence.
 */
public record Finding(String check, Verdict verdict, String detail, String fix) {

    public static Finding pass(String check, String detail) {
        return new Finding(check, Verdict.PASS, detail, "");
    }

    public static Finding warn(String check, String detail, String fix) {
        return new Finding(check, Verdict.WARN, detail, fix);
    }

    public static Finding fail(String check, String detail, String fix) {
        return new Finding(check, Verdict.FAIL, detail, fix);
    }
}
