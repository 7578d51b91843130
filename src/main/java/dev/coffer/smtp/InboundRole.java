package dev.coffer.smtp;

import dev.coffer.account.AppPasswordLogin;
import dev.coffer.store.Account;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.ZonedDateTime;
import java.util.List;

/** The MX (port 25): anyone may send, to local recipients only, without authentication. */
final class InboundRole implements SessionRole {

    private final String hostname;
    private final InboundMail mail;
    private final InboundPolicy policy;

    InboundRole(String hostname, InboundMail mail, InboundPolicy policy) {
        this.hostname = hostname;
        this.mail = mail;
        this.policy = policy;
    }

    @Override
    public List<String> extensions(boolean tls) {
        return List.of();
    }

    @Override
    public boolean requiresTls() {
        // RFC 3207 §4: a publicly-referenced SMTP server must not require STARTTLS
        return false;
    }

    @Override
    public AppPasswordLogin login() {
        return null;
    }

    @Override
    public SmtpReply mailFrom(String sessionId, InetAddress client, SmtpCommand.Mail mail, Account account,
                              boolean tls) {
        // RFC 5321 §4.1.1.11: parameters of extensions not advertised here get 555
        if (mail.requireTls()) {
            return new SmtpReply(555, "5.5.4", "Unsupported parameter REQUIRETLS");
        }
        if (mail.auth()) {
            return new SmtpReply(555, "5.5.4", "Unsupported parameter AUTH");
        }
        return PolicyReplies.refusal(sessionId, policy.mailFrom(client, mail.reversePath()), 450);
    }

    @Override
    public RecipientCheck checkRecipient(String address) {
        return mail.checkRecipient(address);
    }

    @Override
    public SmtpReply admitRecipient(String sessionId, InetAddress client, String reversePath, String address) {
        return PolicyReplies.refusal(sessionId, policy.recipient(client, reversePath, address), 450);
    }

    /** Prepends the trace header, naming the client as RFC 5321 §4.4 asks, delivers, and counts what was taken. */
    @Override
    public DeliveryOutcome deliver(Delivery delivery) {
        Envelope envelope = delivery.envelope();
        byte[] received = ReceivedHeader.format(
                        envelope.heloName(), delivery.client(), hostname,
                        ReceivedHeader.protocol(delivery.extended(), envelope.tlsProtocol() != null, envelope.smtpUtf8()),
                        delivery.traceId(), envelope.recipients(), ZonedDateTime.now())
                .getBytes(StandardCharsets.UTF_8);
        DeliveryOutcome outcome = mail.deliver(envelope, delivery.client(), concat(received, delivery.data()));
        if (outcome instanceof DeliveryOutcome.Delivered) {
            policy.accepted(delivery.client(), envelope.reversePath());
        }
        return outcome;
    }

    static byte[] concat(byte[] first, byte[] second) {
        byte[] result = new byte[first.length + second.length];
        System.arraycopy(first, 0, result, 0, first.length);
        System.arraycopy(second, 0, result, first.length, second.length);
        return result;
    }
}
