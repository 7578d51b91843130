package dev.coffer.jmap.mail;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.coffer.jmap.JmapFixture;
import dev.coffer.mailbox.SystemFlags;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** RFC 8621 §2: Mailbox/get, query and set over IMAP mailboxes. */
class MailboxMethodsTest {

    JmapFixture fixture;

    @BeforeEach
    void open(@TempDir Path directory) throws Exception {
        fixture = new JmapFixture(directory);
    }

    @AfterEach
    void close() {
        fixture.close();
    }

    @Test
    void getGivesRolesFromSpecialUseAndCounts() throws Exception {
        fixture.deliver("INBOX", "a@example.net", Set.of());
        fixture.deliver("INBOX", "b@example.net", Set.of(SystemFlags.SEEN));

        JsonNode list = fixture.call("Mailbox/get", "{}").get("list");

        assertThat(role(list, "INBOX")).isEqualTo("inbox");
        assertThat(role(list, "Sent")).isEqualTo("sent");
        assertThat(role(list, "Trash")).isEqualTo("trash");
        JsonNode inbox = byName(list, "INBOX");
        assertThat(inbox.get("totalEmails").asInt()).isEqualTo(2);
        assertThat(inbox.get("unreadEmails").asInt()).isEqualTo(1);
        assertThat(inbox.at("/myRights/mayDelete").asBoolean()).isFalse();
    }

    @Test
    void childMailboxesHaveTheirParentsId() throws Exception {
        fixture.mailboxes.create(fixture.alice.id(), "Work", null);
        fixture.mailboxes.create(fixture.alice.id(), "Work/Coffer", null);

        JsonNode child = byName(fixture.call("Mailbox/get", "{}").get("list"), "Coffer");

        assertThat(child.get("parentId").asText()).isEqualTo("M" + fixture.mailbox("Work").id());
    }

    @Test
    void queryFindsByRole() throws Exception {
        JsonNode ids = fixture.call("Mailbox/query", "{\"filter\":{\"role\":\"archive\"}}").get("ids");

        assertThat(ids.toString()).isEqualTo("[\"M" + fixture.mailbox("Archive").id() + "\"]");
    }

    @Test
    void setRenamesAndSubscribes() throws Exception {
        fixture.mailboxes.create(fixture.alice.id(), "Old", null);
        String id = "M" + fixture.mailbox("Old").id();

        JsonNode result = fixture.call("Mailbox/set", "{\"update\":{\"" + id + "\":{\"name\":\"New\",\"isSubscribed\":true}}}");

        assertThat(result.get("updated").has(id)).isTrue();
        assertThat(fixture.mailbox("New").subscribed()).isTrue();
        assertThat(fixture.mailboxes.find(fixture.alice.id(), "Old")).isEmpty();
    }

    @Test
    void destroyKeepsAMailboxWithEmailsUnlessAskedToRemoveThem() throws Exception {
        fixture.mailboxes.create(fixture.alice.id(), "Full", null);
        fixture.deliver("Full", "a@example.net", Set.of());
        String id = "M" + fixture.mailbox("Full").id();

        JsonNode refused = fixture.call("Mailbox/set", "{\"destroy\":[\"" + id + "\"]}");
        JsonNode destroyed = fixture.call("Mailbox/set", "{\"destroy\":[\"" + id + "\"],\"onDestroyRemoveEmails\":true}");

        assertThat(refused.at("/notDestroyed/" + id + "/type").asText()).isEqualTo("mailboxHasEmail");
        assertThat(destroyed.get("destroyed").toString()).isEqualTo("[\"" + id + "\"]");
    }

    @Test
    void inboxCannotBeDestroyed() throws Exception {
        String id = "M" + fixture.mailbox("INBOX").id();

        JsonNode result = fixture.call("Mailbox/set", "{\"destroy\":[\"" + id + "\"]}");

        assertThat(result.get("notDestroyed").has(id)).isTrue();
    }

    private static JsonNode byName(JsonNode list, String name) {
        return list.valueStream().filter(m -> m.get("name").asText().equals(name)).findFirst().orElseThrow();
    }

    private static String role(JsonNode list, String name) {
        return byName(list, name).get("role").asText();
    }
}
