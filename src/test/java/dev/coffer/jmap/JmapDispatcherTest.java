package dev.coffer.jmap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JmapDispatcherTest {

    JmapFixture fixture;

    @BeforeAll
    void open(@TempDir Path directory) throws Exception {
        fixture = new JmapFixture(directory);
    }

    @AfterAll
    void close() {
        fixture.close();
    }

    @Test
    void echoAnswersItsArgumentsWithTheCallId() throws Exception {
        JsonNode response = fixture.request("[[\"Core/echo\",{\"hello\":true},\"b3ff\"]]");

        assertThat(response.get("methodResponses").get(0).toString()).isEqualTo("[\"Core/echo\",{\"hello\":true},\"b3ff\"]");
        assertThat(response.get("sessionState").asText()).isEqualTo(fixture.jmap.sessionState(fixture.alice));
    }

    @Test
    void refusesABodyThatIsNotJson() {
        assertThatThrownBy(() -> raw("{\"using\": [")).isInstanceOf(RequestError.class)
                .extracting("type").isEqualTo("urn:ietf:params:jmap:error:notJSON");
    }

    @Test
    void refusesDuplicateMembersAsNotIJson() {
        assertThatThrownBy(() -> raw("{\"using\":[],\"using\":[],\"methodCalls\":[]}"))
                .extracting("type").isEqualTo("urn:ietf:params:jmap:error:notJSON");
    }

    @Test
    void refusesJsonThatIsNotARequest() {
        assertThatThrownBy(() -> raw("{\"using\":[\"urn:ietf:params:jmap:core\"]}"))
                .extracting("type").isEqualTo("urn:ietf:params:jmap:error:notRequest");
        assertThatThrownBy(() -> raw("{\"using\":[],\"methodCalls\":[[\"Core/echo\",{}]]}"))
                .extracting("type").isEqualTo("urn:ietf:params:jmap:error:notRequest");
    }

    @Test
    void refusesAnUnknownCapability() {
        assertThatThrownBy(() -> raw("{\"using\":[\"urn:example:nothing\"],\"methodCalls\":[]}"))
                .extracting("type", "status").containsExactly("urn:ietf:params:jmap:error:unknownCapability", 400);
    }

    @Test
    void refusesMoreCallsThanMaxCallsInRequestNamingTheLimit() {
        String calls = "[\"Core/echo\",{},\"c\"],".repeat(fixture.limits.maxCallsInRequest()) + "[\"Core/echo\",{},\"c\"]";
        assertThatThrownBy(() -> raw("{\"using\":[\"urn:ietf:params:jmap:core\"],\"methodCalls\":[" + calls + "]}"))
                .extracting("type", "limit").containsExactly("urn:ietf:params:jmap:error:limit", "maxCallsInRequest");
    }

    @Test
    void refusesARequestLargerThanMaxSizeRequest() {
        String padding = "x".repeat((int) fixture.limits.maxSizeRequest());
        assertThatThrownBy(() -> raw("{\"using\":[],\"methodCalls\":[],\"p\":\"" + padding + "\"}"))
                .extracting("type", "limit").containsExactly("urn:ietf:params:jmap:error:limit", "maxSizeRequest");
    }

    @Test
    void answersUnknownMethodAndGoesOn() throws Exception {
        JsonNode responses = fixture.request("[[\"Nothing/get\",{},\"a\"],[\"Core/echo\",{\"x\":1},\"b\"]]")
                .get("methodResponses");

        assertThat(responses.get(0).toString()).contains("\"error\"", "unknownMethod");
        assertThat(responses.get(1).get(0).asText()).isEqualTo("Core/echo");
    }

    @Test
    void aMethodWhoseCapabilityIsNotInUsingIsUnknown() throws Exception {
        JsonNode response = fixture.jmap.api(fixture.alice, Login.WEB_SESSION, ("{\"using\":[\"urn:ietf:params:jmap:core\"],"
                + "\"methodCalls\":[[\"Mailbox/get\",{\"accountId\":\"" + fixture.accountId() + "\"},\"a\"]]}")
                .getBytes(StandardCharsets.UTF_8));

        assertThat(response.at("/methodResponses/0/1/type").asText()).isEqualTo("unknownMethod");
    }

    @Test
    void anotherAccountIsNotFound() throws Exception {
        assertThat(fixture.call("Mailbox/get", "{\"accountId\":\"A999\"}").get("type").asText())
                .isEqualTo("accountNotFound");
    }

    @Test
    void resolvesResultReferencesToEarlierResponses() throws Exception {
        JsonNode responses = fixture.request("[[\"Mailbox/query\",{\"accountId\":\"$ACCOUNT\",\"filter\":{\"role\":\"inbox\"}},\"q\"],"
                + "[\"Mailbox/get\",{\"accountId\":\"$ACCOUNT\",\"#ids\":{\"resultOf\":\"q\",\"name\":\"Mailbox/query\","
                + "\"path\":\"/ids\"},\"properties\":[\"name\"]},\"g\"]]").get("methodResponses");

        assertThat(responses.get(1).get(0).asText()).isEqualTo("Mailbox/get");
        assertThat(responses.at("/1/1/list/0/name").asText()).isEqualTo("INBOX");
    }

    @Test
    void aReferenceToAMissingResponseIsAnInvalidResultReference() throws Exception {
        JsonNode response = fixture.request("[[\"Mailbox/get\",{\"accountId\":\"$ACCOUNT\",\"#ids\":{\"resultOf\":\"nope\","
                + "\"name\":\"Mailbox/query\",\"path\":\"/ids\"}},\"g\"]]");

        assertThat(response.at("/methodResponses/0/1/type").asText()).isEqualTo("invalidResultReference");
    }

    @Test
    void creationIdsReachLaterCallsAndTheCreatedIdsAnswer() throws Exception {
        JsonNode response = fixture.request("[[\"Mailbox/set\",{\"accountId\":\"$ACCOUNT\",\"create\":{\"new\":{\"name\":\"Projects\"}}},\"s\"],"
                + "[\"Mailbox/set\",{\"accountId\":\"$ACCOUNT\",\"create\":{\"child\":{\"name\":\"Coffer\",\"parentId\":\"#new\"}}},\"t\"],"
                + "[\"Mailbox/get\",{\"accountId\":\"$ACCOUNT\",\"ids\":[\"#child\"],\"properties\":[\"name\",\"parentId\"]},\"g\"]]");
        String parent = response.at("/methodResponses/0/1/created/new/id").asText();

        assertThat(response.at("/methodResponses/2/1/list/0/parentId").asText()).isEqualTo(parent);
        assertThat(fixture.mailboxes.find(fixture.alice.id(), "Projects/Coffer")).isPresent();
    }

    @Test
    void echoesCreatedIdsWhenTheRequestHasThem() throws Exception {
        JsonNode response = fixture.jmap.api(fixture.alice, Login.WEB_SESSION, ("{\"using\":[\"urn:ietf:params:jmap:core\",\"urn:ietf:params:jmap:mail\"],"
                + "\"methodCalls\":[[\"Mailbox/set\",{\"create\":{\"k\":{\"name\":\"Kept\"}}},\"s\"]],"
                + "\"createdIds\":{\"old\":\"M1\"}}").getBytes(StandardCharsets.UTF_8));

        assertThat(response.get("createdIds").get("old").asText()).isEqualTo("M1");
        assertThat(response.get("createdIds").get("k").asText()).startsWith("M");
    }

    private void raw(String body) throws RequestError {
        fixture.jmap.api(fixture.alice, Login.WEB_SESSION, body.getBytes(StandardCharsets.UTF_8));
    }
}
