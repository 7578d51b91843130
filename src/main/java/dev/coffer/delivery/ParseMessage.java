package dev.coffer.delivery;

import dev.coffer.mail.MalformedMessageException;
import dev.coffer.mail.MessageParser;

/** Parses the message once: structural limits, and the header fields kept outside the encryption. */
final class ParseMessage implements DeliveryStage {

    private final MessageParser parser;

    ParseMessage(MessageParser parser) {
        this.parser = parser;
    }

    @Override
    public void process(DeliveryJob job) throws DeliveryException {
        try {
            job.headers(parser.parse(job.message()));
        } catch (MalformedMessageException e) {
            // RFC 3463 §3.7: 5.6.0 "other or undefined media error".
            throw DeliveryException.permanent(554, "5.6.0", e.getMessage());
        }
    }
}
