package dev.coffer.delivery;

import dev.coffer.mailauth.AuthenticationReport;
import dev.coffer.mailauth.MessageAuthenticator;
import dev.coffer.mailauth.ResultsHeader;
import dev.coffer.mailauth.dmarc.DmarcResult;

/**
 * Checks SPF, DKIM, ARC and DMARC for mail from other servers and records the results in
 * one Authentication-Results field, which ends up inside the encrypted copy. The sender's
 * DMARC policy decides: reject refuses the message, quarantine sends it to Junk.
 */
final class AuthenticateMessage implements DeliveryStage {

    private final MessageAuthenticator authenticator;
    private final ResultsHeader resultsHeader;

    AuthenticateMessage(MessageAuthenticator authenticator, ResultsHeader resultsHeader) {
        this.authenticator = authenticator;
        this.resultsHeader = resultsHeader;
    }

    @Override
    public void process(DeliveryJob job) throws DeliveryException {
        if (job.origin() == null) {
            return;
        }
        AuthenticationReport report = authenticator.authenticate(job.origin(), job.message());
        job.authentication(report);
        DmarcResult dmarc = report.dmarc();
        switch (dmarc.disposition()) {
            // RFC 7489 §6.6.2 / §10.3: refuse during the SMTP transaction.
            case REJECT -> throw DeliveryException.permanent(550, "5.7.1",
                    "Rejected by the DMARC policy of " + dmarc.fromDomain());
            case QUARANTINE -> job.markJunk();
            case NONE -> { }
        }
        job.message(resultsHeader.withoutForgedResults(job.message()));
        job.prepend(resultsHeader.field(report) + "\r\n");
    }
}
