package dev.coffer.jmap.identity;

import static dev.coffer.jmap.standard.JsonArguments.of;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.coffer.account.AccountService;
import dev.coffer.account.AliasService;
import dev.coffer.account.Recipient;
import dev.coffer.account.RecipientResolver;
import dev.coffer.jmap.MethodError;
import dev.coffer.jmap.standard.Limits;
import dev.coffer.jmap.standard.RecordingCall;
import dev.coffer.jmap.standard.RecordingStateChanges;
import dev.coffer.store.Account;
import dev.coffer.store.Store;
import dev.coffer.store.StoreFixture;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdentityMethodsTest {

    Store store;
    Account alice;
    AliasService aliases;
    final RecordingStateChanges pushed = new RecordingStateChanges();
    IdentityGet get;
    IdentityChanges changes;
    IdentitySet set;

    @BeforeEach
    void open(@TempDir Path dir) throws Exception {
        store = Store.open(dir);
        alice = StoreFixture.account(store, "alice@example.org");
        StoreFixture.account(store, "bob@example.org");
        aliases = new AliasService(store, new AccountService(store));
        aliases.add("sales@example.org", "alice@example.org");
        aliases.add("@example.org", "bob@example.org");
        RecipientResolver resolver = new RecipientResolver(store, "+");
        // the ownership rule of SubmissionService.ownsAddress
        Identities identities = new Identities(store.identities(), store.objectChanges(), aliases,
                (account, address) -> resolver.resolveExplicit(address) instanceof Recipient.Local local
                        && local.accounts().stream().anyMatch(owner -> owner.id() == account.id()));
        get = new IdentityGet(identities, Limits.DEFAULTS);
        changes = new IdentityChanges(identities, store.objectChanges());
        set = new IdentitySet(identities, pushed, Limits.DEFAULTS);
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void theAccountAddressAndItsAliasesAreStandingIdentitiesButNotTheCatchAll() throws Exception {
        JsonNode response = get.call(of("{'accountId':'a1'}"), new RecordingCall(alice));

        assertThat(emails(response.get("list"))).containsExactly("alice@example.org", "sales@example.org");
        assertThat(response.get("list").get(0).get("mayDelete").asBoolean()).isFalse();
        assertThat(response.get("list").get(0).get("name").asText()).isEmpty();
        assertThat(response.get("list").get(0).get("replyTo").isNull()).isTrue();
    }

    @Test
    void createsAnIdentityForASubaddressWithSignatureAndReplyTo() throws Exception {
        RecordingCall call = new RecordingCall(alice);
        JsonNode response = set.call(of("{'create':{'k1':{'email':'alice+news@example.org','name':'Alice News',"
                + "'textSignature':'-- Alice','replyTo':[{'name':null,'email':'sales@example.org'}]}}}"), call);

        JsonNode created = response.get("created").get("k1");
        assertThat(created.get("mayDelete").asBoolean()).isTrue();
        assertThat(created.has("name")).isFalse();
        String id = created.get("id").asText();
        assertThat(call.createdId("k1")).contains(id);
        JsonNode fetched = get.call(of("{'ids':['" + id + "'],'properties':['email','replyTo','textSignature']}"), call)
                .get("list").get(0);
        assertThat(fetched.get("email").asText()).isEqualTo("alice+news@example.org");
        assertThat(fetched.get("replyTo").get(0).get("email").asText()).isEqualTo("sales@example.org");
        assertThat(fetched.get("textSignature").asText()).isEqualTo("-- Alice");
        assertThat(fetched.has("name")).isFalse();
        assertThat(pushed.changes).anyMatch(change -> change.dataTypes().contains("Identity"));
    }

    @Test
    void refusesAnAddressTheAccountMayNotSendFromWithForbiddenFrom() throws Exception {
        JsonNode response = set.call(of("{'create':{'k1':{'email':'bob@example.org'},"
                + "'k2':{'email':'someone@example.org'},'k3':{'email':'alice@elsewhere.net'}}}"), new RecordingCall(alice));

        assertThat(response.get("created").isNull()).isTrue();
        for (String key : List.of("k1", "k2", "k3")) {
            assertThat(response.get("notCreated").get(key).get("type").asText()).isEqualTo("forbiddenFrom");
        }
        assertThat(pushed.changes).isEmpty();
    }

    @Test
    void updatesNameAndSignaturesButNotTheAddress() throws Exception {
        RecordingCall call = new RecordingCall(alice);
        String id = get.call(of("{}"), call).get("list").get(0).get("id").asText();

        JsonNode response = set.call(of("{'update':{'" + id + "':{'name':'Alice','htmlSignature':'<b>A</b>'},"
                + "'999':{'name':'x'}}}"), call);
        JsonNode refused = set.call(of("{'update':{'" + id + "':{'email':'sales@example.org'}}}"), call);

        assertThat(response.get("updated").has(id)).isTrue();
        assertThat(response.get("notUpdated").get("999").get("type").asText()).isEqualTo("notFound");
        assertThat(refused.get("notUpdated").get(id).get("type").asText()).isEqualTo("invalidProperties");
        assertThat(refused.get("notUpdated").get(id).get("properties").get(0).asText()).isEqualTo("email");
        JsonNode identity = get.call(of("{'ids':['" + id + "']}"), call).get("list").get(0);
        assertThat(identity.get("name").asText()).isEqualTo("Alice");
        assertThat(identity.get("htmlSignature").asText()).isEqualTo("<b>A</b>");
        assertThat(identity.get("email").asText()).isEqualTo("alice@example.org");
    }

    @Test
    void standingIdentitiesCannotBeDestroyedOthersCan() throws Exception {
        RecordingCall call = new RecordingCall(alice);
        String own = get.call(of("{}"), call).get("list").get(0).get("id").asText();
        set.call(of("{'create':{'n':{'email':'alice+x@example.org'}}}"), call);

        JsonNode response = set.call(of("{'destroy':['" + own + "','#n']}"), call);

        assertThat(response.get("notDestroyed").get(own).get("type").asText()).isEqualTo("forbidden");
        assertThat(response.get("destroyed").get(0).asText()).isEqualTo(call.createdId("n").orElseThrow());
    }

    @Test
    void changesReportCreatedUpdatedAndDestroyedSinceAState() throws Exception {
        RecordingCall call = new RecordingCall(alice);
        JsonNode first = get.call(of("{}"), call);
        String state = first.get("state").asText();
        String own = first.get("list").get(0).get("id").asText();
        set.call(of("{'create':{'a':{'email':'alice+a@example.org'},'b':{'email':'alice+b@example.org'}}}"), call);
        set.call(of("{'update':{'" + own + "':{'name':'A'}},'destroy':['#b']}"), call);

        JsonNode response = changes.call(of("{'sinceState':'" + state + "'}"), call);

        assertThat(texts(response.get("created"))).containsExactly(call.createdId("a").orElseThrow());
        assertThat(texts(response.get("updated"))).containsExactly(own);
        assertThat(texts(response.get("destroyed"))).isEmpty();
        assertThat(response.get("newState").asText()).isEqualTo(get.call(of("{}"), call).get("state").asText());
        assertThat(response.get("hasMoreChanges").asBoolean()).isFalse();
    }

    @Test
    void changesAreSplitByMaxChanges() throws Exception {
        RecordingCall call = new RecordingCall(alice);
        String state = get.call(of("{}"), call).get("state").asText();
        set.call(of("{'create':{'a':{'email':'alice+a@example.org'},'b':{'email':'alice+b@example.org'}}}"), call);

        JsonNode page = changes.call(of("{'sinceState':'" + state + "','maxChanges':1}"), call);
        JsonNode rest = changes.call(of("{'sinceState':'" + page.get("newState").asText() + "'}"), call);

        assertThat(page.get("hasMoreChanges").asBoolean()).isTrue();
        assertThat(texts(page.get("created"))).containsExactly(call.createdId("a").orElseThrow());
        assertThat(texts(rest.get("created"))).containsExactly(call.createdId("b").orElseThrow());
    }

    @Test
    void anAliasThatGoesTakesItsIdentityWithIt() throws Exception {
        RecordingCall call = new RecordingCall(alice);
        String state = get.call(of("{}"), call).get("state").asText();
        String sales = get.call(of("{}"), call).get("list").get(1).get("id").asText();

        aliases.delete("sales@example.org");

        assertThat(emails(get.call(of("{}"), call).get("list"))).containsExactly("alice@example.org");
        assertThat(texts(changes.call(of("{'sinceState':'" + state + "'}"), call).get("destroyed"))).containsExactly(sales);
    }

    @Test
    void refusesUnknownStatesWrongStatesAndTooManyIds() {
        RecordingCall call = new RecordingCall(alice);
        assertThatThrownBy(() -> changes.call(of("{'sinceState':'99'}"), call))
                .isInstanceOfSatisfying(MethodError.class, e -> assertThat(e.type()).isEqualTo("cannotCalculateChanges"));
        assertThatThrownBy(() -> set.call(of("{'ifInState':'nope','create':{'a':{'email':'alice+a@example.org'}}}"), call))
                .isInstanceOfSatisfying(MethodError.class, e -> assertThat(e.type()).isEqualTo("stateMismatch"));
        String ids = String.join(",", java.util.Collections.nCopies(501, "'1'"));
        assertThatThrownBy(() -> get.call(of("{'ids':[" + ids + "]}"), call))
                .isInstanceOfSatisfying(MethodError.class, e -> assertThat(e.type()).isEqualTo("requestTooLarge"));
        assertThatThrownBy(() -> get.call(of("{'properties':['colour']}"), call))
                .isInstanceOfSatisfying(MethodError.class, e -> assertThat(e.type()).isEqualTo("invalidArguments"));
    }

    private static List<String> emails(JsonNode list) {
        List<String> emails = new ArrayList<>();
        list.forEach(identity -> emails.add(identity.get("email").asText()));
        return emails;
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(value -> texts.add(value.asText()));
        return texts;
    }
}
