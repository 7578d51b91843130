package dev.coffer.jmap.mail;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.coffer.jmap.JmapFixture;
import dev.coffer.mailbox.FlagOperation;
import dev.coffer.mailbox.SystemFlags;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** RFC 8620 §5.2 /changes for Email, Thread and Mailbox across deliveries, flag changes, moves and expunges. */
class EmailChangesTest {

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
    void aDeliveryIsACreatedEmailAndMovesTheState() throws Exception {
        String before = emailState();
        long uid = fixture.deliver("INBOX", "one@example.net", Set.of());

        JsonNode changes = changes("Email", before);

        assertThat(changes.get("newState").asText()).isNotEqualTo(before).isEqualTo(emailState());
        assertThat(ids(changes, "created")).containsExactly(fixture.emailId("INBOX", uid));
        assertThat(ids(changes, "updated")).isEmpty();
        assertThat(ids(changes, "destroyed")).isEmpty();
        assertThat(changes.get("hasMoreChanges").asBoolean()).isFalse();
    }

    @Test
    void noChangeSinceTheCurrentState() throws Exception {
        fixture.deliver("INBOX", "one@example.net", Set.of());
        String now = emailState();

        JsonNode changes = changes("Email", now);

        assertThat(changes.get("newState").asText()).isEqualTo(now);
        assertThat(ids(changes, "created")).isEmpty();
        assertThat(ids(changes, "updated")).isEmpty();
    }

    @Test
    void aFlagChangeIsAnUpdate() throws Exception {
        long uid = fixture.deliver("INBOX", "one@example.net", Set.of());
        String before = emailState();
        fixture.mailboxes.storeFlags(fixture.mailbox("INBOX").id(), List.of(uid), FlagOperation.ADD,
                Set.of(SystemFlags.SEEN), OptionalLong.empty());

        JsonNode changes = changes("Email", before);

        assertThat(ids(changes, "updated")).containsExactly(fixture.emailId("INBOX", uid));
        assertThat(ids(changes, "created")).isEmpty();
    }

    @Test
    void aMoveKeepsTheIdAndIsAnUpdateNotADestroy() throws Exception {
        long uid = fixture.deliver("INBOX", "one@example.net", Set.of());
        String id = fixture.emailId("INBOX", uid);
        String before = emailState();
        var moved = fixture.mailboxes.move(fixture.mailbox("INBOX").id(), List.of(uid), fixture.mailbox("Archive").id());

        JsonNode changes = changes("Email", before);

        assertThat(fixture.emailId("Archive", moved.targetUids().getFirst())).isEqualTo(id);
        assertThat(ids(changes, "updated")).containsExactly(id);
        assertThat(ids(changes, "destroyed")).isEmpty();
        assertThat(ids(changes, "created")).isEmpty();
    }

    @Test
    void anExpungeIsADestroy() throws Exception {
        long uid = fixture.deliver("INBOX", "one@example.net", Set.of(SystemFlags.DELETED));
        String id = fixture.emailId("INBOX", uid);
        String before = emailState();
        fixture.mailboxes.expunge(fixture.mailbox("INBOX").id(), Optional.empty());

        JsonNode changes = changes("Email", before);
        JsonNode threads = changes("Thread", before);

        assertThat(ids(changes, "destroyed")).containsExactly(id);
        assertThat(ids(threads, "destroyed")).containsExactly("T" + id.substring(1));
    }

    @Test
    void expungingOneOfTwoCopiesIsAnUpdate() throws Exception {
        long uid = fixture.deliver("INBOX", "one@example.net", Set.of());
        String id = fixture.emailId("INBOX", uid);
        fixture.mailboxes.copy(fixture.mailbox("INBOX").id(), List.of(uid), fixture.mailbox("Archive").id());
        String before = emailState();
        fixture.call("Email/set", "{\"update\":{\"" + id + "\":{\"mailboxIds/M" + fixture.mailbox("INBOX").id()
                + "\":null}}}");

        JsonNode changes = changes("Email", before);

        assertThat(ids(changes, "updated")).containsExactly(id);
        assertThat(ids(changes, "destroyed")).isEmpty();
    }

    @Test
    void aStateFromElsewhereCannotBeCalculated() throws Exception {
        assertThat(changes("Email", "nonsense").get("type").asText()).isEqualTo("cannotCalculateChanges");
        assertThat(changes("Email", fixture.call("Mailbox/get", "{}").get("state").asText()).get("type").asText())
                .isEqualTo("cannotCalculateChanges");
    }

    @Test
    void moreChangesThanMaxChangesAskTheClientToResynchronise() throws Exception {
        String before = emailState();
        fixture.deliver("INBOX", "one@example.net", Set.of());
        fixture.deliver("INBOX", "two@example.net", Set.of());

        JsonNode changes = fixture.call("Email/changes", "{\"sinceState\":\"" + before + "\",\"maxChanges\":1}");

        assertThat(changes.get("type").asText()).isEqualTo("cannotCalculateChanges");
    }

    @Test
    void mailboxChangesReportCountsOnlyAfterADelivery() throws Exception {
        String before = fixture.call("Mailbox/get", "{\"ids\":[]}").get("state").asText();
        fixture.deliver("INBOX", "one@example.net", Set.of());

        JsonNode changes = changes("Mailbox", before);

        assertThat(ids(changes, "updated")).containsExactly("M" + fixture.mailbox("INBOX").id());
        assertThat(changes.get("updatedProperties")).extracting(JsonNode::toString).asString()
                .contains("totalEmails", "unreadEmails");
    }

    @Test
    void mailboxChangesReportCreatedRenamedAndDestroyedMailboxes() throws Exception {
        fixture.mailboxes.create(fixture.alice.id(), "Old", null);
        fixture.mailboxes.create(fixture.alice.id(), "Doomed", null);
        long doomed = fixture.mailbox("Doomed").id();
        String before = fixture.call("Mailbox/get", "{\"ids\":[]}").get("state").asText();
        fixture.mailboxes.create(fixture.alice.id(), "New", null);
        fixture.mailboxes.rename(fixture.alice.id(), "Old", "Renamed");
        fixture.mailboxes.delete(fixture.alice.id(), "Doomed");

        JsonNode changes = changes("Mailbox", before);

        assertThat(ids(changes, "created")).containsExactly("M" + fixture.mailbox("New").id());
        assertThat(ids(changes, "updated")).containsExactly("M" + fixture.mailbox("Renamed").id());
        assertThat(ids(changes, "destroyed")).containsExactly("M" + doomed);
        assertThat(changes.get("updatedProperties").isNull()).isTrue();
    }

    private String emailState() throws Exception {
        return fixture.call("Email/get", "{\"ids\":[]}").get("state").asText();
    }

    private JsonNode changes(String type, String since) throws Exception {
        return fixture.call(type + "/changes", "{\"sinceState\":\"" + since + "\"}");
    }

    private static List<String> ids(JsonNode changes, String field) {
        return changes.get(field).valueStream().map(JsonNode::asText).toList();
    }
}
