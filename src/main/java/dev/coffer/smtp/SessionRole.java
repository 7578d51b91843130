package dev.coffer.smtp;

import dev.coffer.account.AppPasswordLogin;
import dev.coffer.store.Account;
import java.net.InetAddress;
import java.util.List;

/**
 * What makes an SMTP session inbound (the MX on port 25: mail for local recipients from
 * anyone) or submission (RFC 6409 on 465/587: mail to anyone from authenticated users).
 * {@link SmtpSession} runs the protocol; the role decides who may send what, and where the
 * message goes.
 */
sealed interface SessionRole permits InboundRole, SubmissionRole {

    /** A complete message as the session hands it over. */
    record Delivery(String sessionId, String traceId, Envelope envelope, InetAddress client, boolean extended,
                    Account account, byte[] data) {}

    /** EHLO keywords beyond those every listener offers, given whether TLS is in effect. */
    List<String> extensions(boolean tls);

    /** RFC 8314 §3.3 / RFC 3207 §4: whether commands other than EHLO, HELO, STARTTLS, NOOP, RSET and QUIT need TLS. */
    boolean requiresTls();

    /** The login for AUTH (RFC 4954), or null when this listener offers none. */
    AppPasswordLogin login();

    /**
     * Decides MAIL FROM after the session's own checks: null to accept, else the refusal.
     *
     * @param account the account logged in with AUTH, or null
     */
    SmtpReply mailFrom(String sessionId, InetAddress client, SmtpCommand.Mail mail, Account account, boolean tls);

    /** Decides RCPT TO; the session enforces the recipient limit. */
    RecipientCheck checkRecipient(String address);

    /**
     * After {@link #checkRecipient} accepted the address: whether the sending policy lets mail
     * from this client and sender reach it now; null to accept, else the refusal.
     */
    SmtpReply admitRecipient(String sessionId, InetAddress client, String reversePath, String address);

    /** Hands over a complete message; returns only once it is durable or refused. */
    DeliveryOutcome deliver(Delivery delivery);
}
