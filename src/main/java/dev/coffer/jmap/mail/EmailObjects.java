package dev.coffer.jmap.mail;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.coffer.mailbox.MessageInfo;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * Email objects (RFC 8621 §4.1) from what the server holds: the outer header fields, size,
 * dates, keywords and mailboxes. The body is the stored PGP/MIME ciphertext: its structure
 * is one {@code multipart/encrypted} part whose blob the client downloads and decrypts, so
 * text and HTML bodies, previews and the subject (protected inside) are empty here.
 */
final class EmailObjects {

    static final Set<String> PROPERTIES = Set.of("id", "blobId", "threadId", "mailboxIds", "keywords", "size",
            "receivedAt", "messageId", "inReplyTo", "references", "sender", "from", "to", "cc", "bcc", "replyTo",
            "subject", "sentAt", "hasAttachment", "preview", "bodyValues", "textBody", "htmlBody", "attachments",
            "bodyStructure");
    /** RFC 8621 §4.2: the properties Email/get returns when the client names none. */
    static final Set<String> DEFAULTS = Set.of("id", "blobId", "threadId", "mailboxIds", "keywords", "size",
            "receivedAt", "messageId", "inReplyTo", "references", "sender", "from", "to", "cc", "bcc", "replyTo",
            "subject", "sentAt", "hasAttachment", "preview", "bodyValues", "textBody", "htmlBody", "attachments");

    private EmailObjects() {}

    /** The Email made of these messages (one per mailbox, same blob). */
    static ObjectNode email(String blobId, List<MessageInfo> messages, Set<String> properties) {
        MessageInfo first = messages.getFirst();
        MessageInfo.OuterHeaders headers = first.headers();
        ObjectNode email = JsonNodeFactory.instance.objectNode();
        for (String property : properties) {
            switch (property) {
                case "id" -> email.put("id", MailIds.email(blobId));
                case "blobId" -> email.put("blobId", MailIds.blob(blobId));
                case "threadId" -> email.put("threadId", MailIds.thread(blobId));
                case "mailboxIds" -> {
                    ObjectNode ids = email.putObject("mailboxIds");
                    messages.forEach(message -> ids.put(MailIds.mailbox(message.mailboxId()), true));
                }
                case "keywords" -> {
                    ObjectNode keywords = email.putObject("keywords");
                    Keywords.of(first.flags()).forEach(keyword -> keywords.put(keyword, true));
                }
                case "size" -> email.put("size", first.size());
                case "receivedAt" -> email.put("receivedAt",
                        receivedAt(messages).truncatedTo(ChronoUnit.SECONDS).toString());
                case "messageId" -> email.set("messageId", HeaderValues.messageIds(headers.messageId()));
                case "inReplyTo" -> email.set("inReplyTo", HeaderValues.messageIds(headers.inReplyTo()));
                case "references" -> email.set("references", HeaderValues.messageIds(headers.references()));
                case "from" -> email.set("from", HeaderValues.addresses(headers.from()));
                case "to" -> email.set("to", HeaderValues.addresses(headers.to()));
                case "cc" -> email.set("cc", HeaderValues.addresses(headers.cc()));
                case "sentAt" -> email.put("sentAt", HeaderValues.date(headers.date()));
                case "hasAttachment" -> email.put("hasAttachment", false);
                case "preview" -> email.put("preview", "");
                case "bodyValues" -> email.putObject("bodyValues");
                case "textBody", "htmlBody", "attachments" -> email.putArray(property);
                case "bodyStructure" -> {
                    ObjectNode part = email.putObject("bodyStructure");
                    part.putNull("partId");
                    part.put("blobId", MailIds.blob(blobId));
                    part.put("size", first.size());
                    part.put("type", "multipart/encrypted");
                    part.putArray("subParts");
                }
                default -> email.putNull(property);
            }
        }
        return email;
    }

    /** The earliest internal date among the Email's copies. */
    static Instant receivedAt(List<MessageInfo> messages) {
        return messages.stream().map(MessageInfo::internalDate).min(Comparator.naturalOrder()).orElseThrow();
    }
}
