package dev.coffer.mailauth.dmarc;

import dev.coffer.mailauth.HeaderSection;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.james.mime4j.dom.address.Mailbox;
import org.apache.james.mime4j.dom.address.MailboxList;
import org.apache.james.mime4j.field.address.LenientAddressParser;

/**
 * The RFC5322.From domain(s) DMARC evaluates (RFC 7489 §6.6.1). A message must have exactly one
 * From field (RFC 5322 §3.6); each address in it must have a domain.
 */
public final class AuthorDomains {

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
        MailboxList mailboxes = LenientAddressParser.DEFAULT
                // mime4j parses octets as chars; ISO-8859-1 keeps a UTF-8 domain's bytes (RFC 6532) intact
                .parseAddressList(header.value(from.getFirst(), StandardCharsets.ISO_8859_1))
                .flatten();
        if (mailboxes.isEmpty()) {
            return new Outcome.Invalid("the From field holds no address");
        }
        List<String> domains = new ArrayList<>();
        for (Mailbox mailbox : mailboxes) {
            String domain = mailbox.getDomain() == null ? null
                    : new String(mailbox.getDomain().getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
            if (domain == null || domain.isBlank() || !plausibleDomain(domain.strip())) {
                return new Outcome.Invalid("a From address has no valid domain");
            }
            String normalised = PublicSuffixList.normalise(domain.strip().toLowerCase(Locale.ROOT));
            if (!domains.contains(normalised)) {
                domains.add(normalised);
            }
        }
        return new Outcome.Domains(domains);
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
