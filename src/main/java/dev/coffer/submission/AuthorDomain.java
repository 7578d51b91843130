package dev.coffer.submission;

import dev.coffer.mail.MalformedMessageException;
import dev.coffer.mail.MessageParser;
import java.util.Locale;
import java.util.Optional;
import org.apache.james.mime4j.dom.address.Mailbox;
import org.apache.james.mime4j.field.address.DefaultAddressParser;
import org.apache.james.mime4j.field.address.ParseException;

/** The domain of a message's author (its first From address): the domain that signs it (RFC 7489 §3.1.1). */
final class AuthorDomain {

    private AuthorDomain() {}

    static Optional<String> of(MessageParser parser, byte[] message) {
        try {
            String from = parser.parse(message).from();
            if (from == null) {
                return Optional.empty();
            }
            return DefaultAddressParser.DEFAULT.parseAddressList(from).flatten().stream()
                    .map(Mailbox::getDomain)
                    .filter(domain -> domain != null && !domain.isEmpty())
                    .map(domain -> domain.toLowerCase(Locale.ROOT))
                    .findFirst();
        } catch (MalformedMessageException | ParseException e) {
            return Optional.empty();
        }
    }
}
