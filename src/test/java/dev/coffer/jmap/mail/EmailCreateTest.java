package dev.coffer.jmap.mail;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.coffer.jmap.JmapFixture;
import dev.coffer.mailbox.MessageInfo;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.apache.james.mime4j.dom.Message;
import org.apache.james.mime4j.dom.Multipart;
import org.apache.james.mime4j.dom.TextBody;
import org.apache.james.mime4j.message.DefaultMessageBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** RFC 8621 §4.6 Email/set create: the server builds the message, stores it encrypted and holds it for sending. */
class EmailCreateTest {

    Path directory;
    JmapFixture fixture;

    @BeforeEach
    void open(@TempDir Path directory) throws Exception {
        this.directory = directory;
        fixture = new JmapFixture(directory);
    }

    @AfterEach
    void close() {
        fixture.close();
    }

    @Test
    void buildsTheMessageFromItsPropertiesStoresItEncryptedAndHoldsItForSubmission() throws Exception {
        String marker = "marker-" + System.nanoTime();
        String drafts = "M" + fixture.mailbox("Drafts").id();

        JsonNode result = fixture.request("[[\"Email/set\",{\"create\":{\"k\":{"
                + "\"mailboxIds\":{\"" + drafts + "\":true},\"keywords\":{\"$draft\":true},"
                + "\"from\":[{\"name\":\"Alice Ä\",\"email\":\"alice@example.org\"}],"
                + "\"to\":[{\"email\":\"bob@example.net\"}],\"subject\":\"Grüße " + marker + "\","
                + "\"sentAt\":\"2026-11-28T10:00:00+01:00\",\"inReplyTo\":[\"first@example.net\"],"
                + "\"textBody\":[{\"partId\":\"t\",\"type\":\"text/plain\"}],"
                + "\"htmlBody\":[{\"partId\":\"h\",\"type\":\"text/html\"}],"
                + "\"bodyValues\":{\"t\":{\"value\":\"Hallo " + marker + "\"},\"h\":{\"value\":\"<p>Hallo</p>\"}}"
                + "}}},\"s\"],[\"Email/get\",{\"ids\":[\"#k\"],\"properties\":[\"from\",\"to\",\"keywords\",\"inReplyTo\"]},\"g\"]]");

        String id = result.at("/methodResponses/0/1/created/k/id").asText();
        assertThat(id).startsWith("E");
        JsonNode email = result.at("/methodResponses/1/1/list/0");
        assertThat(email.get("from").toString()).isEqualTo("[{\"name\":\"Alice Ä\",\"email\":\"alice@example.org\"}]");
        assertThat(email.get("keywords").toString()).isEqualTo("{\"$draft\":true}");
        assertThat(email.get("inReplyTo").toString()).isEqualTo("[\"first@example.net\"]");

        byte[] held = fixture.held.forSubmission(fixture.alice, id).orElseThrow();
        Message message = new DefaultMessageBuilder().parseMessage(new ByteArrayInputStream(held));
        assertThat(message.getSubject()).isEqualTo("Grüße " + marker);
        assertThat(message.getMimeType()).isEqualTo("multipart/alternative");
        Multipart alternative = (Multipart) message.getBody();
        assertThat(alternative.getBodyParts()).extracting(part -> part.getMimeType())
                .containsExactly("text/plain", "text/html");
        try (var reader = ((TextBody) alternative.getBodyParts().getFirst().getBody()).getReader()) {
            assertThat(reader.readAllAsString()).isEqualTo("Hallo " + marker);
        }

        MessageInfo stored = fixture.mailboxes.messages(fixture.mailbox("Drafts").id()).getLast();
        assertThat(new String(fixture.mailboxes.content(stored), StandardCharsets.ISO_8859_1))
                .doesNotContain(marker).contains("BEGIN PGP MESSAGE");
        try (Stream<Path> files = Files.walk(directory)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                assertThat(new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1)).as(file.toString())
                        .doesNotContain(marker);
            }
        }
    }

    @Test
    void attachesUploadedBlobsInMultipartMixed() throws Exception {
        String blobId = fixture.jmap.upload(fixture.alice, "application/pdf",
                new ByteArrayInputStream(new byte[] {'%', 'P', 'D', 'F', 0, 1, 2})).get("blobId").asText();

        JsonNode result = fixture.call("Email/set", "{\"create\":{\"k\":{\"mailboxIds\":{\"M"
                + fixture.mailbox("Drafts").id() + "\":true},\"from\":[{\"email\":\"alice@example.org\"}],"
                + "\"textBody\":[{\"partId\":\"t\"}],\"bodyValues\":{\"t\":{\"value\":\"see attached\"}},"
                + "\"attachments\":[{\"blobId\":\"" + blobId + "\",\"name\":\"report.pdf\"}]}}}");

        String id = result.at("/created/k/id").asText();
        Message message = new DefaultMessageBuilder().parseMessage(
                new ByteArrayInputStream(fixture.held.forSubmission(fixture.alice, id).orElseThrow()));
        Multipart mixed = (Multipart) message.getBody();
        assertThat(message.getMimeType()).isEqualTo("multipart/mixed");
        assertThat(mixed.getBodyParts().get(1).getMimeType()).isEqualTo("application/pdf");
        assertThat(mixed.getBodyParts().get(1).getFilename()).isEqualTo("report.pdf");
    }

    @Test
    void refusesWhatItDoesNotBuildAndNamesTheProperty() throws Exception {
        String inbox = "M" + fixture.mailbox("INBOX").id();

        JsonNode result = fixture.call("Email/set", "{\"create\":{"
                + "\"a\":{\"mailboxIds\":{\"" + inbox + "\":true},\"from\":[{\"email\":\"alice@example.org\"}],"
                + "\"bodyStructure\":{\"type\":\"text/plain\"}},"
                + "\"b\":{\"mailboxIds\":{\"" + inbox + "\":true}},"
                + "\"c\":{\"mailboxIds\":{\"" + inbox + "\":true},\"from\":[{\"email\":\"alice@example.org\"}],"
                + "\"attachments\":[{\"blobId\":\"Unothing\"}]},"
                + "\"d\":{\"mailboxIds\":{\"Mnothing\":true},\"from\":[{\"email\":\"alice@example.org\"}]}}}");

        assertThat(result.at("/notCreated/a/type").asText()).isEqualTo("invalidProperties");
        assertThat(result.at("/notCreated/a/description").asText()).contains("bodyStructure");
        assertThat(result.at("/notCreated/b/description").asText()).contains("from");
        assertThat(result.at("/notCreated/c/type").asText()).isEqualTo("blobNotFound");
        assertThat(result.at("/notCreated/d/type").asText()).isEqualTo("invalidProperties");
        assertThat(fixture.mailboxes.messages(fixture.mailbox("INBOX").id())).isEmpty();
    }
}
