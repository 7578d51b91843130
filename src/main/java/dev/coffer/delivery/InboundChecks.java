package dev.coffer.delivery;

import dev.coffer.filter.MessageFilter;
import dev.coffer.filter.sieve.SieveAction;
import dev.coffer.filter.sieve.SieveEvaluator;
import dev.coffer.mailauth.MessageAuthenticator;
import dev.coffer.mailauth.ResultsHeader;
import java.util.List;

/**
 * The checks between receiving and storing: who sent it (mailauth), is it wanted (filters),
 * where the recipient wants it (Sieve), and how to send on what Sieve sends.
 *
 * @param authenticator   SPF/DKIM/ARC/DMARC, for mail from other servers
 * @param resultsHeader   writes the RFC 8601 Authentication-Results field
 * @param filters         spam and virus checks, for mail from other servers
 * @param sieve           each recipient's rules, for every local delivery
 * @param outbound        where redirects, vacation replies and refusal notices go
 */
public record InboundChecks(
        MessageAuthenticator authenticator,
        ResultsHeader resultsHeader,
        List<MessageFilter> filters,
        SieveEvaluator sieve,
        OutboundMail outbound) {

    public InboundChecks {
        filters = List.copyOf(filters);
    }

    /** No checks at all: every message is kept in INBOX (tests of the other stages). */
    public static InboundChecks none() {
        return new InboundChecks(null, null, List.of(),
                (account, input) -> List.of(new SieveAction.Keep(java.util.Set.of())),
                (reversePath, recipients, message, forwarded) -> {
                    throw DeliveryException.temporary("4.3.0", "No outbound path configured", null);
                });
    }
}
