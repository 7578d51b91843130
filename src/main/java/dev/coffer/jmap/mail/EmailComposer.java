package dev.coffer.jmap.mail;

import com.fasterxml.jackson.databind.JsonNode;
import dev.coffer.jmap.Uploads;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TimeZone;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Function;
import org.apache.james.mime4j.dom.Message;
import org.apache.james.mime4j.dom.address.Mailbox;
import org.apache.james.mime4j.message.BodyPartBuilder;
import org.apache.james.mime4j.message.DefaultMessageWriter;
import org.apache.james.mime4j.message.MessageBuilder;
import org.apache.james.mime4j.message.MultipartBuilder;
import org.apache.james.mime4j.stream.RawField;

/**
 * Builds the message of an Email/set {@code create} (RFC 8621 §4.6) from its JSON: the header
 * properties, {@code textBody} and/or {@code htmlBody} with their {@code bodyValues}, and
 * {@code attachments} from uploaded blobs. A free-form {@code bodyStructure} or raw
 * {@code header:} properties are not built: such clients upload the message and use Email/import.
 */
final class EmailComposer {

    private static final Set<String> BUILT = Set.of("mailboxIds", "keywords", "receivedAt", "from", "sender", "to",
            "cc", "bcc", "replyTo", "subject", "sentAt", "messageId", "inReplyTo", "references", "textBody",
            "htmlBody", "attachments", "bodyValues");

    private final Function<String, Optional<Uploads.Upload>> uploads;

    /** @param uploads the account's uploaded blobs, by blob id (attachments name them) */
    EmailComposer(Function<String, Optional<Uploads.Upload>> uploads) {
        this.uploads = uploads;
    }

    byte[] compose(JsonNode email) throws EmailRefused {
        for (String property : (Iterable<String>) email::fieldNames) {
            if (!BUILT.contains(property)) {
                throw new EmailRefused("invalidProperties", "Coffer does not build " + property
                        + "; upload the whole message and use Email/import.");
            }
        }
        MessageBuilder message = MessageBuilder.create();
        List<Mailbox> from = addresses(email, "from");
        if (from.isEmpty()) {
            throw new EmailRefused("invalidProperties", "from is required.");
        }
        message.setFrom(from);
        addresses(email, "sender").stream().findFirst().ifPresent(message::setSender);
        setIfAny(addresses(email, "to"), message::setTo);
        setIfAny(addresses(email, "cc"), message::setCc);
        setIfAny(addresses(email, "bcc"), message::setBcc);
        setIfAny(addresses(email, "replyTo"), message::setReplyTo);
        text(email, "subject").ifPresent(message::setSubject);
        OffsetDateTime sentAt = sentAt(email);
        message.setDate(Date.from(sentAt.toInstant()), TimeZone.getTimeZone(sentAt.getOffset()));
        List<String> messageIds = ids(email, "messageId");
        // RFC 5322 §3.6.4: every message should have a Message-ID.
        message.setField(new RawField("Message-ID", messageIds.isEmpty()
                ? "<" + UUID.randomUUID() + "@" + from.getFirst().getDomain() + ">" : angled(messageIds).getFirst()));
        List<String> inReplyTo = ids(email, "inReplyTo");
        if (!inReplyTo.isEmpty()) {
            message.setField(new RawField("In-Reply-To", String.join(" ", angled(inReplyTo))));
        }
        List<String> references = ids(email, "references");
        if (!references.isEmpty()) {
            message.setField(new RawField("References", String.join(" ", angled(references))));
        }
        try {
            setBody(message, email);
            return DefaultMessageWriter.asBytes(message.build());
        } catch (IOException e) {
            throw new EmailRefused("invalidEmail", "The message could not be built: " + e.getMessage());
        }
    }

    /** RFC 8621 §4.6: one text part, one HTML part (then multipart/alternative), and attachments (multipart/mixed). */
    private void setBody(MessageBuilder message, JsonNode email) throws EmailRefused, IOException {
        List<BodyPartBuilder> alternatives = new ArrayList<>();
        Optional<String> text = bodyValue(email, "textBody", "text/plain");
        if (text.isPresent()) {
            alternatives.add(textPart(text.get(), "plain"));
        }
        Optional<String> html = bodyValue(email, "htmlBody", "text/html");
        if (html.isPresent()) {
            alternatives.add(textPart(html.get(), "html"));
        }
        if (alternatives.isEmpty()) {
            alternatives.add(textPart("", "plain"));
        }
        List<BodyPartBuilder> attachments = attachments(email);
        if (alternatives.size() == 1 && attachments.isEmpty()) {
            boolean isHtml = text.isEmpty() && html.isPresent();
            message.setBody(isHtml ? html.get() : text.orElse(""), isHtml ? "html" : "plain", StandardCharsets.UTF_8);
            message.setContentTransferEncoding("quoted-printable");
            return;
        }
        BodyPartBuilder content = alternatives.getFirst();
        if (alternatives.size() > 1) {
            MultipartBuilder alternative = MultipartBuilder.create("alternative");
            alternatives.forEach(alternative::addBodyPart);
            if (attachments.isEmpty()) {
                message.setBody(alternative.build());
                return;
            }
            content = BodyPartBuilder.create().setBody(alternative.build());
        }
        MultipartBuilder mixed = MultipartBuilder.create("mixed").addBodyPart(content);
        attachments.forEach(mixed::addBodyPart);
        message.setBody(mixed.build());
    }

    private static BodyPartBuilder textPart(String value, String subtype) throws IOException {
        return BodyPartBuilder.create().setBody(value, subtype, StandardCharsets.UTF_8)
                .setContentTransferEncoding("quoted-printable");
    }

    /** The value of the one part a {@code textBody} or {@code htmlBody} names, from {@code bodyValues}. */
    private static Optional<String> bodyValue(JsonNode email, String property, String type) throws EmailRefused {
        JsonNode parts = email.path(property);
        if (parts.isMissingNode() || parts.isNull() || parts.isEmpty()) {
            return Optional.empty();
        }
        if (!parts.isArray() || parts.size() != 1) {
            throw new EmailRefused("invalidProperties", property + " must be an array of one " + type + " part.");
        }
        JsonNode part = parts.get(0);
        if (!part.path("type").asText(type).equalsIgnoreCase(type) || !part.path("partId").isTextual()) {
            throw new EmailRefused("invalidProperties", property + " must name a " + type + " part by partId.");
        }
        JsonNode value = email.path("bodyValues").path(part.get("partId").asText()).path("value");
        if (!value.isTextual()) {
            throw new EmailRefused("invalidProperties", "bodyValues has no value for part "
                    + part.get("partId").asText() + ".");
        }
        return Optional.of(value.asText());
    }

    private List<BodyPartBuilder> attachments(JsonNode email) throws EmailRefused, IOException {
        List<BodyPartBuilder> parts = new ArrayList<>();
        for (JsonNode attachment : email.path("attachments")) {
            String blobId = attachment.path("blobId").asText("");
            Uploads.Upload upload = uploads.apply(blobId).orElseThrow(() -> new EmailRefused("blobNotFound",
                    "There is no uploaded blob " + blobId + " for an attachment (uploads last an hour)."));
            String type = attachment.path("type").asText(upload.type());
            BodyPartBuilder part = BodyPartBuilder.create().setBody(upload.content(), type)
                    .setContentTransferEncoding("base64");
            String disposition = attachment.path("disposition").asText("attachment");
            if (attachment.path("name").isTextual()) {
                part.setContentDisposition(disposition, attachment.get("name").asText());
            } else {
                part.setContentDisposition(disposition);
            }
            parts.add(part);
        }
        return parts;
    }

    private static List<Mailbox> addresses(JsonNode email, String property) throws EmailRefused {
        List<Mailbox> mailboxes = new ArrayList<>();
        JsonNode list = email.path(property);
        if (list.isMissingNode() || list.isNull()) {
            return mailboxes;
        }
        if (!list.isArray()) {
            throw new EmailRefused("invalidProperties", property + " must be an array of EmailAddress.");
        }
        for (JsonNode address : list) {
            String text = address.path("email").asText("");
            int at = text.lastIndexOf('@');
            if (at <= 0 || at == text.length() - 1 || text.chars().anyMatch(c -> c <= ' ' || c == '<' || c == '>')) {
                throw new EmailRefused("invalidProperties", property + " has an invalid address: " + text);
            }
            String name = address.path("name").isTextual() ? address.get("name").asText() : null;
            mailboxes.add(new Mailbox(name, text.substring(0, at), text.substring(at + 1)));
        }
        return mailboxes;
    }

    private static void setIfAny(List<Mailbox> addresses, Consumer<List<Mailbox>> setter) {
        if (!addresses.isEmpty()) {
            setter.accept(addresses);
        }
    }

    private static Optional<String> text(JsonNode email, String property) throws EmailRefused {
        JsonNode value = email.path(property);
        if (value.isMissingNode() || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isTextual()) {
            throw new EmailRefused("invalidProperties", property + " must be a string.");
        }
        return Optional.of(value.asText());
    }

    /** RFC 8621 §4.1.2.3 msg-ids without angle brackets. */
    private static List<String> ids(JsonNode email, String property) throws EmailRefused {
        List<String> ids = new ArrayList<>();
        for (JsonNode id : email.path(property)) {
            String value = id.asText("");
            if (value.isEmpty() || !value.contains("@") || value.chars().anyMatch(c -> c <= ' ' || c == '<' || c == '>')) {
                throw new EmailRefused("invalidProperties", property + " has an invalid message id: " + value);
            }
            ids.add(value);
        }
        return ids;
    }

    private static List<String> angled(List<String> ids) {
        return ids.stream().map(id -> "<" + id + ">").toList();
    }

    private static OffsetDateTime sentAt(JsonNode email) throws EmailRefused {
        Optional<String> sentAt = text(email, "sentAt");
        if (sentAt.isEmpty()) {
            return OffsetDateTime.now();
        }
        try {
            return OffsetDateTime.parse(sentAt.get());
        } catch (DateTimeParseException e) {
            throw new EmailRefused("invalidProperties", "sentAt must be a Date such as 2026-11-28T10:00:00+01:00.");
        }
    }
}
