package dev.coffer.queue;

import java.util.List;

/**
 * One connection to one MX host and what it did for each recipient.
 *
 * @param tls        the TLS outcome to report, or null when the connection ended before TLS mattered
 * @param tryNextHost whether another MX may be tried for the recipients still deferred (the
 *                   host could not be reached or refused the session; no message data was sent)
 */
public record SmtpAttempt(List<RecipientResult> results, TlsSessionResult tls, boolean tryNextHost) {

    public SmtpAttempt {
        results = List.copyOf(results);
    }
}
