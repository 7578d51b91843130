package dev.coffer.smtp;

import dev.coffer.account.AppPasswordLogin;
import dev.coffer.store.Account;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.ZonedDateTime;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Message submission (RFC 6409, RFC 8314): only users logged in with a send-scoped app
 * password, only over TLS, only as addresses they own, to any recipient. What leaves here
 * names neither the client's address nor its host (DESIGN §2 Outbound).
 */
final class SubmissionRole implements SessionRole {

    private static final Logger log = LoggerFactory.getLogger(SubmissionRole.class);

    private final String hostname;
    private final Submission submission;
    private final AppPasswordLogin login;
    private final boolean stripUserAgent;
    private final SubmissionPolicy policy;

    SubmissionRole(String hostname, Submission submission, AppPasswordLogin login, boolean stripUserAgent,
                   SubmissionPolicy policy) {
        this.hostname = hostname;
        this.submission = submission;
        this.login = login;
        this.stripUserAgent = stripUserAgent;
        this.policy = policy;
    }

    @Override
    public List<String> extensions(boolean tls) {
        // RFC 4954 §4 and RFC 8314 §3: no plaintext mechanism is offered in clear;
        // RFC 8689 §2: REQUIRETLS only where the session itself uses TLS
        return tls ? List.of("AUTH PLAIN LOGIN", "REQUIRETLS") : List.of();
    }

    @Override
    public boolean requiresTls() {
        return true;
    }

    @Override
    public AppPasswordLogin login() {
        return login;
    }

    @Override
    public SmtpReply mailFrom(String sessionId, InetAddress client, SmtpCommand.Mail mail, Account account,
                              boolean tls) {
        if (account == null) {
            // RFC 4954 §6
            return new SmtpReply(530, "5.7.0", "Authentication required");
        }
        if (mail.requireTls() && !tls) {
            // RFC 8689 §4.1: REQUIRETLS only on a session that uses TLS (RFC 5248: 5.7.10 encryption needed)
            return new SmtpReply(530, "5.7.10", "REQUIRETLS needs a TLS session");
        }
        // RFC 6409 §4.3 and §8.1: the MSA checks that the sender is the user's; the null
        // reverse-path is for bounces, which users do not send
        if (mail.reversePath().isEmpty() || !submission.ownsAddress(account, mail.reversePath())) {
            return notOwned("Sender address not owned by the authenticated user");
        }
        // the limit follows the account, not the address: a stolen app password cannot send more from elsewhere
        return PolicyReplies.refusal(sessionId, policy.mailFrom(account), 451);
    }

    /** Relaying is the point of submission; the client is authenticated, so any recipient will do. */
    @Override
    public RecipientCheck checkRecipient(String address) {
        if (address.indexOf('@') < 0) {
            // the bare <postmaster> of RFC 5321 §4.1.1.3 names our postmaster, not a recipient to send to
            return new RecipientCheck.UnknownUser();
        }
        return new RecipientCheck.Accepted();
    }

    /** The per-account limit is decided at MAIL FROM; recipients of an authenticated user are not greylisted. */
    @Override
    public SmtpReply admitRecipient(String sessionId, InetAddress client, String reversePath, String address) {
        return null;
    }

    /**
     * Removes the client's trace fields, checks that every author address is owned (RFC 6409
     * §8.1 spirit: a user sends as themselves), completes Date and Message-ID (§8.2, §8.3),
     * prepends our privacy-preserving Received header and hands the message over.
     */
    @Override
    public DeliveryOutcome deliver(Delivery delivery) {
        Account account = delivery.account();
        byte[] message = SubmissionHeaders.stripClientTrace(delivery.data(), stripUserAgent);
        switch (SubmissionHeaders.authors(SubmissionHeaders.Header.of(message))) {
            case SubmissionHeaders.Authors.Missing missing -> {
                log.info("session={} event=submission-refused trace={} reason=no-from", delivery.sessionId(), delivery.traceId());
                return new DeliveryOutcome.PermanentFailure(550, "5.6.0",
                        "The message has no From header; add one with an address you own");
            }
            case SubmissionHeaders.Authors.Invalid invalid -> {
                log.info("session={} event=submission-refused trace={} reason=invalid-from", delivery.sessionId(), delivery.traceId());
                return new DeliveryOutcome.PermanentFailure(550, "5.6.0", invalid.reason());
            }
            case SubmissionHeaders.Authors.Found found -> {
                for (String address : found.addresses()) {
                    if (!submission.ownsAddress(account, address)) {
                        log.info("session={} event=submission-refused trace={} reason=from-not-owned account={}",
                                delivery.sessionId(), delivery.traceId(), account.address());
                        return notOwnedOutcome("From header address not owned by the authenticated user: " + address);
                    }
                }
            }
        }
        ZonedDateTime now = ZonedDateTime.now();
        message = SubmissionHeaders.completeHeader(message, hostname, now);
        Envelope received = delivery.envelope();
        byte[] trace = ReceivedHeader.submitted(hostname, ReceivedHeader.submissionProtocol(received.smtpUtf8()),
                delivery.traceId(), now).getBytes(StandardCharsets.UTF_8);
        // the EHLO name stays here: it may name the client's machine
        Envelope envelope = new Envelope(received.reversePath(), received.recipients(), null,
                received.tlsProtocol(), received.smtpUtf8(), received.body(), received.requireTls());
        DeliveryOutcome outcome = submission.submit(account, envelope, InboundRole.concat(trace, message));
        if (outcome instanceof DeliveryOutcome.Delivered) {
            policy.accepted(account);
        }
        return outcome;
    }

    private static SmtpReply notOwned(String text) {
        return new SmtpReply(553, "5.7.1", text);
    }

    private static DeliveryOutcome notOwnedOutcome(String text) {
        return new DeliveryOutcome.PermanentFailure(553, "5.7.1", text);
    }
}
