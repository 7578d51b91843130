package dev.coffer.mailauth.dmarc;

import dev.coffer.mail.PlainAddressList;
import dev.coffer.mailauth.HeaderSection;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.apache.james.mime4j.dom.address.Mailbox;
import org.apache.james.mime4j.field.address.LenientAddressParser;

/**
 * The RFC5322.From domain(s) DMARC evaluates (RFC 7489 §6.6.1). A message must have exactly one
 * From field (RFC 5322 §3.6); each address in it must have a domain.
 */
public final class AuthorDomains {

    /** More distinct author domains than this is a permerror: each one costs DNS lookups. */
    public static final int MAX_DOMAINS = 10;

    private AuthorDomains() {}

    /** What the From field yields. */
    public sealed interface Outcome {
        /** One or more distinct author domains, lower case A-labels, in the order written. */
        record Domains(List<String> domains) implements Outcome {
            public Domains {
                domains = List.copyOf(domains);
            }
        }

        /** No usable From field: none, several, or an address without a domain. */
        record Invalid(String reason) implements Outcome {}
    }

    public static Outcome of(byte[] message) {
        HeaderSection header = HeaderSection.parse(message);
        List<HeaderSection.Field> from = header.fieldsNamed("From");
        if (from.isEmpty()) {
            return new Outcome.Invalid("the message has no From field");
        }
        if (from.size() > 1) {
            // RFC 5322 §3.6: exactly one From field; which one a reader shows is anyone's guess
            return new Outcome.Invalid("the message has " + from.size() + " From fields");
        }
        List<String> written = writtenDomains(header.value(from.getFirst()));
        if (written.isEmpty()) {
            return new Outcome.Invalid("the From field holds no address");
        }
        List<String> domains = new ArrayList<>();
        for (String domain : written) {
            if (domain == null || domain.isBlank() || !plausibleDomain(domain.strip())) {
                return new Outcome.Invalid("a From address has no valid domain");
            }
            String normalised = PublicSuffixList.normalise(domain.strip().toLowerCase(Locale.ROOT));
            if (!domains.contains(normalised)) {
                domains.add(normalised);
            }
            if (domains.size() > MAX_DOMAINS) {
                return new Outcome.Invalid("the From field names more than " + MAX_DOMAINS + " domains");
            }
        }
        return new Outcome.Domains(domains);
    }

    /**
     * The domain of each mailbox in the field as written (null for a mailbox without one), read
     * by {@link PlainAddressList} when the field is that simple (ASCII, no "~") and by mime4j's
     * lenient parser otherwise, which reads plain fields the same way.
     */
    private static List<String> writtenDomains(String value) {
        if (value.indexOf('~') < 0) {
            Optional<List<String>> plain = PlainAddressList.domains(value);
            if (plain.isPresent()) {
                return plain.get();
            }
        }
        List<String> domains = new ArrayList<>();
        for (Mailbox mailbox : LenientAddressParser.DEFAULT.parseAddressList(asciiEscaped(value)).flatten()) {
            domains.add(mailbox.getDomain() == null ? null : unescaped(mailbox.getDomain()));
        }
        return domains;
    }

    /**
     * mime4j's address parser mangles non-ASCII text, so RFC 6532 UTF-8 (and "~", the escape) is
     * written as {@code ~HEX~} before parsing; "~" is atext, so an escaped domain stays one atom.
     */
    private static String asciiEscaped(String value) {
        StringBuilder out = new StringBuilder(value.length());
        value.codePoints().forEach(c -> {
            if (c >= 0x80 || c == '~') {
                out.append('~').append(Integer.toHexString(c)).append('~');
            } else {
                out.appendCodePoint(c);
            }
        });
        return out.toString();
    }

    private static String unescaped(String text) {
        StringBuilder out = new StringBuilder(text.length());
        int i = 0;
        while (i < text.length()) {
            int end = text.charAt(i) == '~' ? text.indexOf('~', i + 1) : -1;
            if (end > i + 1) {
                try {
                    out.appendCodePoint(Integer.parseInt(text, i + 1, end, 16));
                    i = end + 1;
                    continue;
                } catch (IllegalArgumentException notEscaped) {
                    // left as it is; the domain check below rejects it
                }
            }
            out.append(text.charAt(i));
            i++;
        }
        return out.toString();
    }

    /** A dot-atom domain (RFC 5322 §3.4.1) with at least one dot; not a domain literal. */
    private static boolean plausibleDomain(String domain) {
        if (domain.startsWith("[") || domain.length() > 253 || !domain.contains(".")) {
            return false;
        }
        for (String label : domain.split("\\.", -1)) {
            if (label.isEmpty() || label.length() > 63 && label.chars().allMatch(c -> c < 0x80)) {
                return false;
            }
        }
        return domain.chars().noneMatch(c -> c <= 0x20 || c == '@' || c == ',' || c == ';' || c == '"');
    }
}
