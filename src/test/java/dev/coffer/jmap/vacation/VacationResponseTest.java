package dev.coffer.jmap.vacation;

import static dev.coffer.jmap.standard.JsonArguments.of;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.coffer.account.AccountService;
import dev.coffer.account.Address;
import dev.coffer.account.DomainDkimKeys;
import dev.coffer.account.Enrollment;
import dev.coffer.account.RecipientResolver;
import dev.coffer.crypto.MessageEncryption;
import dev.coffer.delivery.DeliveryJob;
import dev.coffer.delivery.DeliveryPipeline;
import dev.coffer.delivery.InboundChecks;
import dev.coffer.filter.sieve.ScriptedSieve;
import dev.coffer.filter.sieve.SieveLimits;
import dev.coffer.filter.sieve.SieveScripts;
import dev.coffer.filter.sieve.StoredStandingVacation;
import dev.coffer.jmap.standard.RecordingCall;
import dev.coffer.jmap.standard.RecordingStateChanges;
import dev.coffer.mail.MessageLimits;
import dev.coffer.mail.MessageParser;
import dev.coffer.mailbox.MessageSealer;
import dev.coffer.queue.OutboundMessage;
import dev.coffer.store.Account;
import dev.coffer.store.Store;
import dev.coffer.submission.AutomaticMail;
import dev.coffer.testing.MutableClock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** VacationResponse/get|set, and the replies real deliveries through the pipeline produce. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class VacationResponseTest {

    static final String ALICE = "alice@example.org";

    final MutableClock clock = new MutableClock(Instant.parse("2026-07-01T08:00:00Z"));
    final List<OutboundMessage> queued = new CopyOnWriteArrayList<>();
    final RecordingStateChanges pushed = new RecordingStateChanges();
    Path dir;
    Store store;
    Account alice;
    DeliveryPipeline delivery;
    VacationResponseGet get;
    VacationResponseSet set;
    RecordingCall call;
    SieveScripts scripts;

    @BeforeAll
    void open(@TempDir Path directory) throws Exception {
        dir = directory;
        store = Store.open(directory);
        AccountService accounts = new AccountService(store);
        accounts.addDomain("example.org");
        Address address = Address.parse(ALICE);
        alice = accounts.createAccount(address, Enrollment.forNewAccount(address, "a password".toCharArray()));
        RecipientResolver resolver = new RecipientResolver(store, "+");
        MessageParser parser = new MessageParser(MessageLimits.withMimeDepth(10));
        MessageSealer sealer = new MessageSealer(new MessageEncryption());
        AutomaticMail automatic = new AutomaticMail(resolver, message -> {
            queued.add(message);
            return "q" + queued.size();
        }, new DomainDkimKeys(store, clock), parser, UnaryOperator.identity());
        scripts = new SieveScripts(store, SieveLimits.defaults(), clock);
        ScriptedSieve sieve = new ScriptedSieve(scripts, store.vacations(),
                new StoredStandingVacation(store.vacationResponses()), "+",
                (account, name) -> false, clock);
        delivery = DeliveryPipeline.standard(resolver, parser, sealer, store,
                new InboundChecks(null, null, List.of(), sieve, automatic));
        automatic.deliverLocallyThrough(delivery);
        get = new VacationResponseGet(store.vacationResponses(), store.objectChanges());
        set = new VacationResponseSet(store.vacationResponses(), store.objectChanges(), pushed);
        call = new RecordingCall(alice);
    }

    @BeforeEach
    void reset() throws Exception {
        queued.clear();
        scripts.activate(alice, "");
        set.call(of("{'update':{'singleton':{'isEnabled':false,'fromDate':null,'toDate':null,'subject':null,"
                + "'textBody':null,'htmlBody':null}}}"), call);
    }

    @AfterAll
    void close() {
        store.close();
    }

    @Test
    void theSingletonStartsDisabled() throws Exception {
        JsonNode list = get.call(of("{'ids':null}"), call).get("list");

        assertThat(list).hasSize(1);
        assertThat(list.get(0).get("id").asText()).isEqualTo("singleton");
        assertThat(list.get(0).get("isEnabled").asBoolean()).isFalse();
        assertThat(get.call(of("{'ids':['other']}"), call).get("notFound").get(0).asText()).isEqualTo("other");
    }

    @Test
    void aRealDeliveryGetsExactlyOneReplyPerSenderPerPeriod() throws Exception {
        enable("{'isEnabled':true,'subject':'Away until Monday','textBody':'Back on Monday.',"
                + "'htmlBody':'<p>Back on <b>Monday</b>.</p>'}");

        deliver("carol@example.net", "");
        deliver("carol@example.net", "");
        deliver("dave@example.net", "");

        assertThat(queued).hasSize(2);
        OutboundMessage reply = queued.getFirst();
        assertThat(reply.reversePath()).isEmpty();
        assertThat(reply.recipients()).containsExactly("carol@example.net");
        String text = new String(reply.message(), StandardCharsets.UTF_8);
        assertThat(text).contains("Auto-Submitted: auto-replied", "Subject: Away until Monday", "From: <" + ALICE + ">",
                "multipart/alternative", "In-Reply-To: <");
        assertThat(queued.get(1).recipients()).containsExactly("dave@example.net");

        clock.advance(Duration.ofDays(8));
        deliver("carol@example.net", "");
        assertThat(queued).hasSize(3);
    }

    @Test
    void noReplyToListsBulkRobotsOrBounces() throws Exception {
        enable("{'isEnabled':true,'textBody':'Away.'}");

        deliver("list-bounces@lists.example.net", "List-Id: <news.lists.example.net>\r\n");
        deliver("news@example.net", "Precedence: bulk\r\n");
        deliver("robot@example.net", "Auto-Submitted: auto-generated\r\n");
        deliver("", "");
        deliver("owner-news@example.net", "");

        assertThat(queued).isEmpty();
        deliver("erin@example.net", "");
        assertThat(queued).hasSize(1);
    }

    @Test
    void repliesOnlyBetweenFromDateAndToDate() throws Exception {
        enable("{'isEnabled':true,'textBody':'Away.','fromDate':'2026-08-01T00:00:00Z','toDate':'2026-08-15T00:00:00Z'}");
        clock.advance(Duration.ZERO);
        Instant now = clock.instant();

        deliver("frank@example.net", "");
        assertThat(queued).as("before fromDate").isEmpty();

        clock.advance(Duration.between(now, Instant.parse("2026-08-02T00:00:00Z")));
        deliver("frank@example.net", "");
        assertThat(queued).as("inside the dates").hasSize(1);

        clock.advance(Duration.ofDays(30));
        deliver("grace@example.net", "");
        assertThat(queued).as("after toDate").hasSize(1);
    }

    @Test
    void aDisabledResponseSendsNothing() throws Exception {
        deliver("heidi@example.net", "");
        assertThat(queued).isEmpty();
    }

    @Test
    void aScriptsOwnVacationActionTakesThePlaceOfTheStandingOne() throws Exception {
        enable("{'isEnabled':true,'subject':'Standing','textBody':'Away.'}");
        scripts.put(alice, "own", "require \"vacation\";\nvacation :subject \"From my script\" \"Script text.\";\n");
        scripts.activate(alice, "own");

        deliver("judy@example.net", "");

        assertThat(queued).singleElement().satisfies(reply ->
                assertThat(new String(reply.message(), StandardCharsets.UTF_8)).contains("Subject: From my script")
                        .doesNotContain("Standing"));
    }

    @Test
    void setOnlyUpdatesTheSingletonAndChecksItsValues() throws Exception {
        String before = get.call(of("{}"), call).get("state").asText();

        JsonNode response = set.call(of("{'create':{'x':{'isEnabled':true}},'destroy':['singleton'],"
                + "'update':{'singleton':{'fromDate':'tomorrow'},'other':{'isEnabled':true}}}"), call);
        JsonNode changed = set.call(of("{'ifInState':'" + before + "','update':{'singleton':{'subject':'Out'}}}"), call);

        assertThat(response.get("notCreated").get("x").get("type").asText()).isEqualTo("singleton");
        assertThat(response.get("notDestroyed").get("singleton").get("type").asText()).isEqualTo("singleton");
        assertThat(response.get("notUpdated").get("singleton").get("type").asText()).isEqualTo("invalidProperties");
        assertThat(response.get("notUpdated").get("other").get("type").asText()).isEqualTo("notFound");
        assertThat(changed.get("updated").has("singleton")).isTrue();
        assertThat(changed.get("newState").asText()).isNotEqualTo(before);
        assertThat(get.call(of("{}"), call).get("list").get(0).get("subject").asText()).isEqualTo("Out");
        assertThat(pushed.changes).anyMatch(change -> change.dataTypes().contains("VacationResponse"));
    }

    @Test
    void theVacationTextIsStoredReadableButTheMailIsNot() throws Exception {
        enable("{'isEnabled':true,'textBody':'VACATION-TEXT-MARKER'}");
        deliver("ivan@example.net", "", "MAIL-BODY-MARKER");

        byte[] database = Files.readAllBytes(dir.resolve("coffer.db"));
        String all = new String(database, StandardCharsets.ISO_8859_1);
        for (Path wal : List.of(dir.resolve("coffer.db-wal"))) {
            if (Files.exists(wal)) {
                all += new String(Files.readAllBytes(wal), StandardCharsets.ISO_8859_1);
            }
        }
        assertThat(all).contains("VACATION-TEXT-MARKER").doesNotContain("MAIL-BODY-MARKER");
    }

    private void enable(String values) throws Exception {
        JsonNode response = set.call(of("{'update':{'singleton':" + values + "}}"), call);
        assertThat(response.get("updated").has("singleton")).as(response.toString()).isTrue();
    }

    private void deliver(String sender, String extraHeaders) throws Exception {
        deliver(sender, extraHeaders, "hello");
    }

    private void deliver(String sender, String extraHeaders, String body) throws Exception {
        String from = sender.isEmpty() ? "MAILER-DAEMON@example.net" : sender;
        byte[] message = ("From: " + from + "\r\nTo: " + ALICE + "\r\nSubject: question\r\n"
                + "Message-ID: <" + System.nanoTime() + "@example.net>\r\n" + extraHeaders + "\r\n" + body + "\r\n")
                .getBytes(StandardCharsets.UTF_8);
        delivery.deliver(new DeliveryJob(sender, List.of(ALICE), message));
    }
}
