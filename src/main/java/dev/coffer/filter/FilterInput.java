package dev.coffer.filter;

import dev.coffer.mailauth.AuthenticationReport;
import dev.coffer.mailauth.MessageOrigin;
import java.util.List;

/**
 * What a filter sees of one inbound message: the plaintext, in memory only, before it is
 * encrypted (DESIGN §2 Inbound step 3). Filters must not write it anywhere.
 *
 * @param authentication the SPF/DKIM/ARC/DMARC results
 * @param recipients     the envelope recipients
 * @param message        the message as received, CRLF line endings
 */
public record FilterInput(MessageOrigin origin, AuthenticationReport authentication, List<String> recipients,
                          byte[] message) {

    public FilterInput {
        recipients = List.copyOf(recipients);
    }
}
