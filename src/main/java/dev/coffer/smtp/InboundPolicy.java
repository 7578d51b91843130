package dev.coffer.smtp;

import java.net.InetAddress;

/**
 * What limits the MX (port 25) puts on clients before it takes a message: rates per client
 * address and per envelope sender, and greylisting (RFC 6647). Decided per command, before
 * the data is sent, so a refused client wastes no bandwidth.
 */
public interface InboundPolicy {

    /** A policy that admits everything (tests, and servers configured without limits). */
    InboundPolicy OPEN = new InboundPolicy() {
        @Override
        public Admission mailFrom(InetAddress client, String reversePath) {
            return Admission.ADMITTED;
        }

        @Override
        public Admission recipient(InetAddress client, String reversePath, String recipient) {
            return Admission.ADMITTED;
        }

        @Override
        public void accepted(InetAddress client, String reversePath) {
            // nothing is counted
        }
    };

    /**
     * At {@code MAIL FROM}: whether this client may send another message from this sender.
     *
     * @param reversePath the sender address, empty for the null reverse-path {@code <>}
     */
    Admission mailFrom(InetAddress client, String reversePath);

    /** At {@code RCPT TO}, once the recipient is known to be local: whether mail from this client and sender may reach it now. */
    Admission recipient(InetAddress client, String reversePath, String recipient);

    /** Counts one message the server has taken responsibility for (after its 250). */
    void accepted(InetAddress client, String reversePath);
}
