package dev.coffer.jmap.submission;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.coffer.jmap.standard.Json;
import dev.coffer.queue.QueuedMessage;
import dev.coffer.store.QueueRecipient;
import dev.coffer.store.SubmissionRow;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/** The EmailSubmission object of RFC 8621 §7, with deliveryStatus read from the queue. */
final class SubmissionJson {

    static final List<String> PROPERTIES = List.of("id", "identityId", "emailId", "threadId", "envelope", "sendAt",
            "undoStatus", "deliveryStatus", "dsnBlobIds", "mdnBlobIds");

    private SubmissionJson() {}

    static ObjectNode of(SubmissionRow row, QueueLookup queue) {
        ObjectNode submission = Json.object().put("id", Long.toString(row.id())).put("identityId", row.identityId())
                .put("emailId", row.emailId()).put("threadId", row.threadId());
        JsonNode envelope = Json.parse(row.envelope());
        submission.set("envelope", envelope);
        submission.put("sendAt", row.sendAt().toString()).put("undoStatus", row.undoStatus());
        submission.set("deliveryStatus", deliveryStatus(row, envelope, queue));
        submission.set("dsnBlobIds", Json.array());
        submission.set("mdnBlobIds", Json.array());
        return submission;
    }

    /** RFC 8621 §7: per recipient, the last SMTP reply and whether it was delivered. */
    private static ObjectNode deliveryStatus(SubmissionRow row, JsonNode envelope, QueueLookup queue) {
        Set<String> local = new HashSet<>();
        Json.parse(row.localRecipients()).forEach(address -> local.add(address.asText().toLowerCase(Locale.ROOT)));
        Optional<QueuedMessage> queued = row.queueId() == null ? Optional.empty() : queue.find(row.queueId());
        ObjectNode status = Json.object();
        for (JsonNode rcpt : envelope.path("rcptTo")) {
            String address = rcpt.path("email").asText();
            ObjectNode one;
            if (local.contains(address.toLowerCase(Locale.ROOT))) {
                one = status("250 2.1.5 Delivered to a mailbox on this server", "yes");
            } else {
                one = queued.flatMap(message -> message.recipients().stream()
                                .filter(recipient -> recipient.address().equalsIgnoreCase(address)).findFirst())
                        .map(SubmissionJson::fromQueue)
                        // the queue forgets a message once every recipient is done with
                        .orElseGet(() -> status("250 2.0.0 Handed to the outbound queue, which has finished with it",
                                "unknown"));
            }
            status.set(address, one);
        }
        return status;
    }

    private static ObjectNode fromQueue(QueueRecipient recipient) {
        return switch (recipient.state()) {
            case PENDING -> status(recipient.status() == null ? "250 2.0.0 Queued for delivery" : reply(recipient),
                    "queued");
            case DELIVERED -> status(reply(recipient), "yes");
            case FAILED -> status(reply(recipient), "no");
        };
    }

    /**
     * The last result as an SMTP reply (RFC 5321 §4.2, RFC 3463): the queue keeps the enhanced
     * status and the text; the basic code is the usual one of that status class.
     */
    private static String reply(QueueRecipient recipient) {
        String status = Optional.ofNullable(recipient.status())
                .orElse(recipient.state() == QueueRecipient.State.FAILED ? "5.0.0" : "2.0.0");
        String code = switch (status.charAt(0)) {
            case '2' -> "250";
            case '4' -> "451";
            default -> "550";
        };
        String text = Optional.ofNullable(recipient.lastError())
                .orElse(recipient.remoteMta() == null ? "Delivered" : "Delivered to " + recipient.remoteMta());
        return code + " " + status + " " + text.replaceAll("[\\r\\n]+", " ");
    }

    private static ObjectNode status(String smtpReply, String delivered) {
        return Json.object().put("smtpReply", smtpReply).put("delivered", delivered).put("displayed", "unknown");
    }
}
