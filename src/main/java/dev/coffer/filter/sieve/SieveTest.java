package dev.coffer.filter.sieve;

import java.util.List;

/** A checked test of a script (RFC 5228 §5 and the extensions we support). */
sealed interface SieveTest {

    record AllOf(List<SieveTest> tests) implements SieveTest {}

    record AnyOf(List<SieveTest> tests) implements SieveTest {}

    record Not(SieveTest test) implements SieveTest {}

    record True() implements SieveTest {}

    record False() implements SieveTest {}

    /** RFC 5228 §5.5: every named header is present. */
    record Exists(List<String> headers) implements SieveTest {}

    /** RFC 5228 §5.9. */
    record Size(boolean over, long limit) implements SieveTest {}

    /** RFC 5228 §5.7. */
    record Header(Match match, List<String> headers, List<String> keys) implements SieveTest {}

    /** RFC 5228 §5.1. */
    record Address(Match match, AddressPart part, List<String> headers, List<String> keys) implements SieveTest {}

    /** RFC 5228 §5.4: the parts are "from" and "to". */
    record Envelope(Match match, AddressPart part, List<String> parts, List<String> keys) implements SieveTest {}

    /** RFC 5232 §4: the internal flags variable. */
    record HasFlag(Match match, List<String> keys) implements SieveTest {}

    /** RFC 5173 §5: {@code contentTypes} empty for :raw, ["text"] for :text. */
    record Body(Match match, boolean raw, List<String> contentTypes, List<String> keys) implements SieveTest {}

    /** RFC 5490 §3.1. */
    record MailboxExists(List<String> mailboxes) implements SieveTest {}
}
