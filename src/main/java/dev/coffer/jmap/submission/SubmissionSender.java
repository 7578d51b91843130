package dev.coffer.jmap.submission;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.coffer.jmap.MethodCall;
import dev.coffer.jmap.OutgoingMessages;
import dev.coffer.jmap.identity.Identities;
import dev.coffer.jmap.standard.Json;
import dev.coffer.jmap.standard.SetError;
import dev.coffer.smtp.Admission;
import dev.coffer.smtp.DeliveryOutcome;
import dev.coffer.smtp.Envelope;
import dev.coffer.smtp.SubmissionPolicy;
import dev.coffer.store.Account;
import dev.coffer.store.IdentityRow;
import dev.coffer.store.SubmissionRow;
import dev.coffer.submission.SubmissionService;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends the Email an EmailSubmission names (RFC 8621 §7.5) through the same path as SMTP
 * submission: the bytes the client gave for sending, only From and MAIL FROM addresses the
 * account owns, Bcc removed, DKIM-signed for the author's domain, queued or delivered locally.
 */
final class SubmissionSender {

    private static final Logger LOG = LoggerFactory.getLogger(SubmissionSender.class);
    private static final Set<String> SETTABLE = Set.of("identityId", "emailId", "envelope");
    private static final Set<String> SERVER_SET = Set.of("id", "threadId", "sendAt", "deliveryStatus", "dsnBlobIds",
            "mdnBlobIds");

    /**
     * @param maxRecipients  the most RCPT TO addresses of one message (as for SMTP)
     * @param maxMessageSize the largest message, in octets (as for SMTP)
     */
    record Settings(int maxRecipients, long maxMessageSize) {}

    private final Identities identities;
    private final OutgoingMessages outgoing;
    private final EmailThreads threads;
    private final SubmissionService submission;
    private final Predicate<String> isLocal;
    private final Settings settings;
    private final SubmissionPolicy policy;
    private final Clock clock;

    /**
     * @param isLocal whether a recipient is hosted here (delivered at once, not queued)
     * @param policy  the per-account sending limit, shared with SMTP submission
     */
    SubmissionSender(Identities identities, OutgoingMessages outgoing, EmailThreads threads, SubmissionService submission,
                     Predicate<String> isLocal, Settings settings, SubmissionPolicy policy, Clock clock) {
        this.identities = identities;
        this.outgoing = outgoing;
        this.threads = threads;
        this.submission = submission;
        this.isLocal = isLocal;
        this.settings = settings;
        this.policy = policy;
        this.clock = clock;
    }

    /** Sends it and returns the record to store (without its id yet). */
    SubmissionRow send(Account account, ObjectNode values, MethodCall call) throws SetError {
        checkProperties(values);
        // the limit of SMTP submission, per account: a stolen app password cannot send more through JMAP
        if (policy.mailFrom(account) instanceof Admission.RateLimited limited) {
            throw new SetError("rateLimit", "This account has sent " + limited.limit()
                    + " messages within the last hour; try again in " + Admission.seconds(limited.retryAfter()) + " s");
        }
        IdentityRow identity = identity(account, values.get("identityId"), call);
        String emailId = emailId(values.get("emailId"), call);
        String threadId = threads.threadId(account, emailId)
                .orElseThrow(() -> SetError.invalidProperties("There is no Email " + emailId, "emailId"));
        byte[] message = outgoing.forSubmission(account, emailId).orElseThrow(() -> new SetError("invalidEmail",
                "The server no longer holds this Email's bytes for sending; create the Email again and submit it"));
        if (message.length > settings.maxMessageSize()) {
            throw new SetError("tooLarge", "The message is larger than " + settings.maxMessageSize() + " octets");
        }
        MessageHeaders headers;
        List<String> authors;
        try {
            headers = MessageHeaders.parse(message);
            authors = headers.addresses("From");
        } catch (MessageHeaders.InvalidMessageException e) {
            throw new SetError("invalidEmail", e.getMessage(), List.of("header"));
        }
        if (authors.isEmpty()) {
            throw new SetError("invalidEmail", "The message has no From header field", List.of("from"));
        }
        for (String author : authors) {
            // the author-domain rule of SMTP submission: every From address is the account's own
            if (!identities.maySendAs(account, author)) {
                throw new SetError("forbiddenFrom", "This account may not send as " + author);
            }
        }
        SubmissionEnvelope envelope = envelope(values.get("envelope"), headers, identity);
        check(account, envelope);
        byte[] toSend = MessageHeaders.withoutBcc(message);
        DeliveryOutcome outcome = submission.submitWithoutSentCopy(account, new Envelope(envelope.mailFrom().email(),
                envelope.recipients(), null, "HTTPS", envelope.smtpUtf8(), body(envelope), envelope.requireTls()), toSend);
        return switch (outcome) {
            case DeliveryOutcome.Delivered delivered -> {
                policy.accepted(account);
                LOG.info("event=jmap-submission account={} recipients={}", account.id(), envelope.rcptTo().size());
                String queueId = delivered.queueId() == null || delivered.queueId().startsWith("local-")
                        ? null : delivered.queueId();
                List<String> local = envelope.recipients().stream().filter(isLocal).toList();
                yield new SubmissionRow(0, account.id(), Long.toString(identity.id()), emailId, threadId,
                        envelope.toJson().toString(), clock.instant(), "final", queueId, Json.strings(local).toString());
            }
            case DeliveryOutcome.PermanentFailure failure -> throw new SetError(
                    "5.1.1".equals(failure.enhancedCode()) ? "invalidRecipients" : "forbiddenToSend",
                    failure.replyCode() + " " + failure.enhancedCode() + " " + failure.reason());
            case DeliveryOutcome.TemporaryFailure failure -> throw new SetError("serverFail",
                    failure.enhancedCode() + " " + failure.reason() + "; try again later");
        };
    }

    private static void checkProperties(ObjectNode values) throws SetError {
        for (Iterator<String> names = values.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (name.equals("undoStatus")) {
                // RFC 8621 §7.5: without delayed send the only status is final
                if (!values.get(name).asText("").equals("final") && !values.get(name).asText("").equals("pending")) {
                    throw SetError.invalidProperties("undoStatus can only be pending or final on create", name);
                }
            } else if (SERVER_SET.contains(name)) {
                throw SetError.invalidProperties(name + " is set by the server", name);
            } else if (!SETTABLE.contains(name)) {
                throw SetError.invalidProperties("EmailSubmission has no property " + name, name);
            }
        }
    }

    private IdentityRow identity(Account account, JsonNode value, MethodCall call) throws SetError {
        if (value == null || !value.isTextual()) {
            throw SetError.invalidProperties("identityId is required", "identityId");
        }
        String id = resolve(value.asText(), call);
        return identities.find(account, id)
                .orElseThrow(() -> SetError.invalidProperties("There is no Identity " + value.asText(), "identityId"));
    }

    private static String emailId(JsonNode value, MethodCall call) throws SetError {
        if (value == null || !value.isTextual()) {
            throw SetError.invalidProperties("emailId is required", "emailId");
        }
        return resolve(value.asText(), call);
    }

    /** RFC 8620 §5.3: "#name" stands for the id an object created earlier in the request got. */
    private static String resolve(String id, MethodCall call) throws SetError {
        if (!id.startsWith("#")) {
            return id;
        }
        return call.createdId(id.substring(1)).orElseThrow(() -> new SetError("invalidProperties",
                "No object was created as " + id + " in this request"));
    }

    /** RFC 8621 §7: the given envelope, or one made from Sender (else From) and To, Cc and Bcc. */
    private static SubmissionEnvelope envelope(JsonNode given, MessageHeaders headers, IdentityRow identity)
            throws SetError {
        if (given != null && !given.isNull()) {
            return SubmissionEnvelope.fromJson(given);
        }
        try {
            Optional<String> sender = headers.first("Sender");
            String mailFrom = sender.isPresent() ? sender.get() : headers.first("From").orElse(identity.email());
            List<SubmissionEnvelope.Address> rcptTo = new ArrayList<>();
            for (String recipient : headers.recipients()) {
                rcptTo.add(new SubmissionEnvelope.Address(recipient, Map.of()));
            }
            return new SubmissionEnvelope(new SubmissionEnvelope.Address(mailFrom, Map.of()), rcptTo);
        } catch (MessageHeaders.InvalidMessageException e) {
            throw new SetError("invalidEmail", e.getMessage(), List.of("header"));
        }
    }

    private void check(Account account, SubmissionEnvelope envelope) throws SetError {
        // RFC 6409 §4.3 as in SMTP submission: the reverse-path is an address of the account
        if (!identities.maySendAs(account, envelope.mailFrom().email())) {
            throw new SetError("forbiddenMailFrom", "This account may not use " + envelope.mailFrom().email()
                    + " as the envelope sender");
        }
        if (envelope.rcptTo().isEmpty()) {
            throw new SetError("noRecipients", "The envelope has no recipients");
        }
        if (envelope.rcptTo().size() > settings.maxRecipients()) {
            throw new SetError("tooManyRecipients", "At most " + settings.maxRecipients() + " recipients per message");
        }
        List<String> invalid = envelope.recipients().stream().filter(address -> !plausible(address)).toList();
        if (!invalid.isEmpty()) {
            throw new SetError("invalidRecipients", "Not email addresses: " + String.join(", ", invalid))
                    .with("invalidRecipients", Json.strings(invalid));
        }
    }

    private static boolean plausible(String address) {
        int at = address.lastIndexOf('@');
        return at > 0 && at < address.length() - 1 && address.length() <= 320
                && address.chars().noneMatch(c -> c <= ' ' || c == '<' || c == '>' || c == ',');
    }

    private static Envelope.Body body(SubmissionEnvelope envelope) {
        return switch (envelope.body().toUpperCase(Locale.ROOT)) {
            case "8BITMIME" -> Envelope.Body.EIGHT_BIT_MIME;
            case "BINARYMIME" -> Envelope.Body.BINARY_MIME;
            default -> Envelope.Body.SEVEN_BIT;
        };
    }
}
