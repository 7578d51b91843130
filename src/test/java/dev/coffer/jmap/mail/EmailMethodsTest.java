package dev.coffer.jmap.mail;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.coffer.jmap.JmapFixture;
import dev.coffer.mailbox.MessageInfo;
import dev.coffer.mailbox.SystemFlags;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** RFC 8621 §4: Email/get, query, set, import, copy and SearchSnippet/get over the metadata Coffer holds. */
class EmailMethodsTest {

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
    void getReturnsTheOuterHeadersKeywordsAndMailboxesButNoBody() throws Exception {
        long uid = fixture.deliver("INBOX", "one@example.net", Set.of(SystemFlags.SEEN, "$Forwarded"));
        String id = fixture.emailId("INBOX", uid);

        JsonNode email = fixture.call("Email/get", "{\"ids\":[\"" + id + "\",\"Enothere\"],"
                + "\"properties\":[\"from\",\"messageId\",\"keywords\",\"mailboxIds\",\"sentAt\",\"threadId\",\"textBody\",\"bodyStructure\"]}");

        JsonNode first = email.at("/list/0");
        assertThat(first.get("id").asText()).isEqualTo(id);
        assertThat(first.get("from").toString()).isEqualTo("[{\"name\":\"Bob\",\"email\":\"bob@example.net\"}]");
        assertThat(first.get("messageId").toString()).isEqualTo("[\"one@example.net\"]");
        // RFC 8621 §4.1.1: \Seen is $seen, keywords are lower case.
        assertThat(first.get("keywords")).isEqualTo(fixture.parse("{\"$seen\":true,\"$forwarded\":true}"));
        assertThat(first.get("mailboxIds").has("M" + fixture.mailbox("INBOX").id())).isTrue();
        assertThat(first.get("sentAt").asText()).isEqualTo("2026-11-28T10:00:00+01:00");
        assertThat(first.get("threadId").asText()).isEqualTo("T" + id.substring(1));
        assertThat(first.get("textBody").isEmpty()).isTrue();
        assertThat(first.at("/bodyStructure/type").asText()).isEqualTo("multipart/encrypted");
        assertThat(email.get("notFound").toString()).isEqualTo("[\"Enothere\"]");
    }

    @Test
    void getRefusesMoreIdsThanMaxObjectsInGet() throws Exception {
        String ids = String.join(",", Stream.generate(() -> "\"Ex\"").limit(fixture.limits.maxObjectsInGet() + 1).toList());

        assertThat(fixture.call("Email/get", "{\"ids\":[" + ids + "]}").get("type").asText()).isEqualTo("requestTooLarge");
    }

    @Test
    void getRefusesAnUnknownProperty() throws Exception {
        assertThat(fixture.call("Email/get", "{\"ids\":[],\"properties\":[\"nonsense\"]}").get("type").asText())
                .isEqualTo("invalidArguments");
    }

    @Test
    void queryFiltersByMailboxAndKeywordNewestFirst() throws Exception {
        String first = fixture.emailId("INBOX", fixture.deliver("INBOX", "a@example.net", Set.of()));
        Thread.sleep(1100);
        String second = fixture.emailId("INBOX", fixture.deliver("INBOX", "b@example.net", Set.of(SystemFlags.FLAGGED)));
        fixture.deliver("Archive", "c@example.net", Set.of());
        String inbox = "M" + fixture.mailbox("INBOX").id();

        JsonNode all = fixture.call("Email/query", "{\"filter\":{\"inMailbox\":\"" + inbox + "\"},\"calculateTotal\":true}");
        JsonNode flagged = fixture.call("Email/query", "{\"filter\":{\"operator\":\"AND\",\"conditions\":["
                + "{\"inMailbox\":\"" + inbox + "\"},{\"hasKeyword\":\"$flagged\"}]}}");

        assertThat(all.get("ids").toString()).isEqualTo("[\"" + second + "\",\"" + first + "\"]");
        assertThat(all.get("total").asInt()).isEqualTo(2);
        assertThat(flagged.get("ids").toString()).isEqualTo("[\"" + second + "\"]");
    }

    @Test
    void queryCannotSearchTextTheServerCannotSee() throws Exception {
        assertThat(fixture.call("Email/query", "{\"filter\":{\"subject\":\"secret\"}}").get("type").asText())
                .isEqualTo("unsupportedFilter");
    }

    @Test
    void setKeywordsBecomeImapFlags() throws Exception {
        long uid = fixture.deliver("INBOX", "one@example.net", Set.of(SystemFlags.SEEN));
        String id = fixture.emailId("INBOX", uid);

        JsonNode result = fixture.call("Email/set", "{\"update\":{\"" + id + "\":{\"keywords/$flagged\":true,"
                + "\"keywords/$seen\":null,\"keywords/$answered\":true}}}");

        assertThat(result.get("updated").has(id)).isTrue();
        assertThat(message("INBOX", uid).flags()).containsExactlyInAnyOrder(SystemFlags.FLAGGED, SystemFlags.ANSWERED);
    }

    @Test
    void setMailboxIdsMovesTheMessage() throws Exception {
        long uid = fixture.deliver("INBOX", "one@example.net", Set.of());
        String id = fixture.emailId("INBOX", uid);

        fixture.call("Email/set", "{\"update\":{\"" + id + "\":{\"mailboxIds\":{\"M" + fixture.mailbox("Archive").id()
                + "\":true}}}}");

        assertThat(fixture.mailboxes.messages(fixture.mailbox("INBOX").id())).isEmpty();
        assertThat(fixture.mailboxes.messages(fixture.mailbox("Archive").id())).extracting(MessageInfo::blobId)
                .containsExactly(id.substring(1));
    }

    @Test
    void setDestroyExpungesEveryCopy() throws Exception {
        long uid = fixture.deliver("INBOX", "one@example.net", Set.of());
        String id = fixture.emailId("INBOX", uid);
        fixture.mailboxes.copy(fixture.mailbox("INBOX").id(), List.of(uid), fixture.mailbox("Archive").id());

        JsonNode result = fixture.call("Email/set", "{\"destroy\":[\"" + id + "\",\"Emissing\"]}");

        assertThat(result.get("destroyed").toString()).isEqualTo("[\"" + id + "\"]");
        assertThat(result.at("/notDestroyed/Emissing/type").asText()).isEqualTo("notFound");
        assertThat(fixture.mailboxes.messages(fixture.mailbox("INBOX").id())).isEmpty();
        assertThat(fixture.mailboxes.messages(fixture.mailbox("Archive").id())).isEmpty();
    }

    @Test
    void setWithAStaleIfInStateIsAStateMismatch() throws Exception {
        assertThat(fixture.call("Email/set", "{\"ifInState\":\"e1.1.1_\",\"destroy\":[]}").get("type").asText())
                .isEqualTo("stateMismatch");
    }

    @Test
    void setRefusesMoreObjectsThanMaxObjectsInSet() throws Exception {
        String ids = String.join(",", Stream.generate(() -> "\"Ex\"").limit(fixture.limits.maxObjectsInSet() + 1).toList());

        assertThat(fixture.call("Email/set", "{\"destroy\":[" + ids + "]}").get("type").asText()).isEqualTo("requestTooLarge");
    }

    @Test
    void importEncryptsTheUploadAndHoldsItsBytesForSending() throws Exception {
        String marker = "IMPORT-MARKER-" + System.nanoTime();
        byte[] message = ("From: alice@example.org\r\nTo: bob@example.net\r\nSubject: " + marker
                + "\r\nMessage-ID: <imp@example.org>\r\n\r\n" + marker + "\r\n").getBytes(StandardCharsets.UTF_8);
        String blobId = fixture.jmap.upload(fixture.alice, "message/rfc822", new java.io.ByteArrayInputStream(message))
                .get("blobId").asText();
        String drafts = "M" + fixture.mailbox("Drafts").id();

        JsonNode result = fixture.request("[[\"Email/import\",{\"emails\":{\"d\":{\"blobId\":\"" + blobId
                + "\",\"mailboxIds\":{\"" + drafts + "\":true},\"keywords\":{\"$draft\":true}}}},\"i\"],"
                + "[\"Email/get\",{\"ids\":[\"#d\"],\"properties\":[\"messageId\",\"keywords\"]},\"g\"]]");

        String id = result.at("/methodResponses/0/1/created/d/id").asText();
        assertThat(result.at("/methodResponses/1/1/list/0/messageId/0").asText()).isEqualTo("imp@example.org");
        assertThat(result.at("/methodResponses/1/1/list/0/keywords").toString()).isEqualTo("{\"$draft\":true}");
        MessageInfo stored = fixture.mailboxes.messages(fixture.mailbox("Drafts").id()).getLast();
        assertThat(new String(fixture.mailboxes.content(stored), StandardCharsets.ISO_8859_1)).doesNotContain(marker)
                .contains("BEGIN PGP MESSAGE");
        assertThat(fixture.held.forSubmission(fixture.alice, id)).hasValue(message);
        try (Stream<Path> files = Files.walk(directory)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                assertThat(new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1)).as(file.toString())
                        .doesNotContain(marker);
            }
        }
    }

    @Test
    void importOfAnUnknownBlobIsBlobNotFound() throws Exception {
        JsonNode result = fixture.call("Email/import", "{\"emails\":{\"d\":{\"blobId\":\"Unothing\",\"mailboxIds\":{\"M"
                + fixture.mailbox("INBOX").id() + "\":true}}}}");

        assertThat(result.at("/notCreated/d/type").asText()).isEqualTo("blobNotFound");
    }

    @Test
    void copyWithinTheOneAccountIsInvalidAndOtherAccountsDoNotExist() throws Exception {
        assertThat(fixture.call("Email/copy", "{\"fromAccountId\":\"" + fixture.accountId() + "\",\"create\":{}}")
                .get("type").asText()).isEqualTo("invalidArguments");
        assertThat(fixture.call("Email/copy", "{\"fromAccountId\":\"A42\",\"create\":{}}").get("type").asText())
                .isEqualTo("fromAccountNotFound");
    }

    @Test
    void searchSnippetsAreNullBecauseTheServerCannotSeeText() throws Exception {
        String id = fixture.emailId("INBOX", fixture.deliver("INBOX", "one@example.net", Set.of()));

        JsonNode snippets = fixture.call("SearchSnippet/get", "{\"emailIds\":[\"" + id + "\"],\"filter\":{\"text\":\"x\"}}");

        assertThat(snippets.get("list").toString())
                .isEqualTo("[{\"emailId\":\"" + id + "\",\"subject\":null,\"preview\":null}]");
    }

    @Test
    void threadGetListsTheEmailOfEachThread() throws Exception {
        String id = fixture.emailId("INBOX", fixture.deliver("INBOX", "one@example.net", Set.of()));
        String thread = "T" + id.substring(1);

        JsonNode threads = fixture.call("Thread/get", "{\"ids\":[\"" + thread + "\"]}");

        assertThat(threads.at("/list/0/emailIds").toString()).isEqualTo("[\"" + id + "\"]");
    }

    private MessageInfo message(String mailbox, long uid) {
        return fixture.mailboxes.messages(fixture.mailbox(mailbox).id()).stream().filter(m -> m.uid() == uid)
                .findFirst().orElseThrow();
    }
}
