package dev.coffer.dns.check;

import dev.coffer.dns.DnsRecord;
import java.util.Locale;

/** For a hosted domain: does DNS publish a record exactly as {@code coffer domain dns} prints it? */
public final class ExpectedRecordsCheck {

    private ExpectedRecordsCheck() {}

    public static String name(DnsRecord expected) {
        return "record " + expected.name() + " " + expected.type().toUpperCase(Locale.ROOT);
    }

    /** @param published the records of the expected type at the expected name, normalised */
    public static Finding check(DnsRecord expected, Lookup<String> published) {
        String check = name(expected);
        String zoneLine = expected.name() + ". IN " + expected.type() + " " + expected.value();
        if (published.failed()) {
            return published.failure(check, expected.type() + " " + expected.name());
        }
        String wanted = expected.type().equalsIgnoreCase("TXT") ? expected.value() : ValidatedLookups.normalise(expected.value());
        if (published.records().contains(wanted)) {
            return Finding.pass(check, expected.purpose() + ": published");
        }
        String found = published.records().isEmpty() ? "nothing" : String.join(" | ", published.records());
        return Finding.fail(check, expected.purpose() + ": expected \"" + expected.value() + "\", found " + found,
                "Publish \"" + zoneLine + "\" (as `coffer domain dns` prints it).");
    }
}
