package dev.coffer.filter.sieve;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coffer.store.Account;
import dev.coffer.store.Store;
import dev.coffer.store.StoreFixture;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Delivery's Sieve evaluator over a real store: active scripts, errors, vacation (RFC 5230). */
class ScriptedSieveTest {

    private static final String VACATION = "require \"vacation\"; vacation :days 2 \"I am away until Monday.\";";

    @TempDir
    Path directory;

    private Store store;
    private Account alice;
    private SieveScripts scripts;
    private MovableClock clock;
    private ScriptedSieve sieve;

    @BeforeEach
    void open() throws Exception {
        store = Store.open(directory);
        alice = StoreFixture.account(store, "alice@example.org");
        clock = new MovableClock(Instant.parse("2026-06-01T10:00:00Z"));
        scripts = new SieveScripts(store, SieveLimits.defaults(), clock);
        sieve = new ScriptedSieve(scripts, store.vacations(), "+", (account, name) -> false, clock);
    }

    @AfterEach
    void close() {
        store.close();
    }

    private void activate(String script) throws Exception {
        scripts.put(alice, "main", script);
        scripts.activate(alice, "main");
    }

    private static SieveInput input(String from, String message) {
        return new SieveInput(from, "alice@example.org", message.replace("\n", "\r\n").getBytes(StandardCharsets.UTF_8), false);
    }

    private static String message(String extraHeaders) {
        return "From: bob@example.com\nTo: Alice <alice@example.org>\nSubject: Lunch?\nMessage-ID: <lunch@example.com>\n"
                + "References: <earlier@example.com>\n" + extraHeaders + "\nShall we?\n";
    }

    private List<SieveAction> deliver(String from, String extraHeaders) {
        return sieve.evaluate(alice, input(from, message(extraHeaders)));
    }

    private static List<SieveAction.Vacation> replies(List<SieveAction> actions) {
        return actions.stream().filter(SieveAction.Vacation.class::isInstance).map(SieveAction.Vacation.class::cast).toList();
    }

    @Test
    void withoutAnActiveScriptMailIsKept() throws Exception {
        scripts.put(alice, "unused", "discard;");
        assertThat(deliver("bob@example.com", "")).containsExactly(new SieveAction.Keep(Set.of()));
    }

    @Test
    void theActiveScriptDecides() throws Exception {
        activate("require \"fileinto\"; if header :is \"subject\" \"Lunch?\" { fileinto \"Food\"; }");
        assertThat(deliver("bob@example.com", "")).containsExactly(new SieveAction.FileInto("Food", Set.of(), false));
    }

    @Test
    void aRuntimeErrorFallsBackToTheImplicitKeep() throws Exception {
        activate("require \"fileinto\"; redirect \"a@x.org\"; redirect \"b@x.org\"; redirect \"c@x.org\";"
                + " redirect \"d@x.org\"; redirect \"e@x.org\"; redirect \"f@x.org\";");
        assertThat(deliver("bob@example.com", "")).containsExactly(new SieveAction.Keep(Set.of()));
    }

    @Test
    void vacationRepliesOncePerSenderWithinTheDays() throws Exception {
        activate(VACATION);
        assertThat(replies(deliver("bob@example.com", ""))).hasSize(1);
        clock.advance(Duration.ofDays(1));
        assertThat(replies(deliver("BOB@example.com", ""))).isEmpty();
        assertThat(replies(deliver("carol@example.com", ""))).hasSize(1);
    }

    @Test
    void vacationRepliesAgainOnceTheDaysHavePassed() throws Exception {
        activate(VACATION);
        assertThat(replies(deliver("bob@example.com", ""))).hasSize(1);
        clock.advance(Duration.ofDays(2).plusMinutes(1));
        assertThat(replies(deliver("bob@example.com", ""))).hasSize(1);
    }

    @Test
    void aDifferentHandleIsADifferentVacation() throws Exception {
        activate(VACATION);
        assertThat(replies(deliver("bob@example.com", ""))).hasSize(1);
        activate("require \"vacation\"; vacation :handle \"conference\" \"At a conference.\";");
        assertThat(replies(deliver("bob@example.com", ""))).hasSize(1);
    }

    @Test
    void vacationNeverRepliesToTheNullSender() throws Exception {
        activate(VACATION);
        assertThat(replies(deliver("", ""))).isEmpty();
    }

    @Test
    void vacationNeverRepliesToAutomaticMail() throws Exception {
        activate(VACATION);
        assertThat(replies(deliver("bob@example.com", "Auto-Submitted: auto-generated\n"))).isEmpty();
        assertThat(replies(deliver("carol@example.com", "Auto-Submitted: no\n"))).hasSize(1);
    }

    @Test
    void vacationNeverRepliesToLists() throws Exception {
        activate(VACATION);
        assertThat(replies(deliver("bob@example.com", "List-Id: <dev.lists.example.com>\n"))).isEmpty();
        assertThat(replies(deliver("carol@example.com", "Precedence: bulk\n"))).isEmpty();
        assertThat(replies(deliver("dave@example.com", "List-Unsubscribe: <mailto:x@example.com>\n"))).isEmpty();
    }

    @Test
    void vacationNeverRepliesToSpam() throws Exception {
        activate(VACATION);
        SieveInput spam = new SieveInput("bob@example.com", "alice@example.org",
                message("").replace("\n", "\r\n").getBytes(StandardCharsets.UTF_8), true);
        assertThat(replies(sieve.evaluate(alice, spam))).isEmpty();
    }

    @Test
    void vacationNeverRepliesToRobotAddresses() throws Exception {
        activate(VACATION);
        assertThat(replies(deliver("owner-dev@example.com", ""))).isEmpty();
        assertThat(replies(deliver("dev-request@example.com", ""))).isEmpty();
        assertThat(replies(deliver("MAILER-DAEMON@example.com", ""))).isEmpty();
    }

    @Test
    void vacationRepliesOnlyWhenTheRecipientIsNamedInTheHeader() throws Exception {
        activate(VACATION);
        String bcc = "From: bob@example.com\nTo: list@example.com\nSubject: x\n\nbody\n";
        assertThat(replies(sieve.evaluate(alice, input("bob@example.com", bcc)))).isEmpty();
    }

    @Test
    void vacationAddressesCountAsTheRecipients() throws Exception {
        activate("require \"vacation\"; vacation :addresses [\"list@example.com\"] \"Away\";");
        String toAlias = "From: bob@example.com\nTo: list@example.com\nSubject: x\n\nbody\n";
        assertThat(replies(sieve.evaluate(alice, input("bob@example.com", toAlias)))).hasSize(1);
    }

    @Test
    void theReplyIsMarkedAutomaticAndThreaded() throws Exception {
        activate(VACATION);
        SieveAction.Vacation reply = replies(deliver("bob@example.com", "")).getFirst();
        String text = new String(reply.reply(), StandardCharsets.UTF_8);
        assertThat(reply.to()).isEqualTo("bob@example.com");
        assertThat(text).contains("Auto-Submitted: auto-replied\r\n")
                .contains("From: <alice@example.org>\r\n")
                .contains("To: <bob@example.com>\r\n")
                .contains("Subject: Auto: Lunch?\r\n")
                .contains("In-Reply-To: <lunch@example.com>\r\n")
                .contains("References: <earlier@example.com> <lunch@example.com>\r\n")
                .endsWith("\r\n\r\nI am away until Monday.\r\n");
    }

    @Test
    void theReplyUsesTheScriptsSubjectAndFrom() throws Exception {
        activate("require \"vacation\"; vacation :subject \"Außer Haus\" :from \"holiday@example.org\" \"Away\";");
        String text = new String(replies(deliver("bob@example.com", "")).getFirst().reply(), StandardCharsets.UTF_8);
        assertThat(text).contains("From: <holiday@example.org>\r\n").contains("Subject: =?UTF-8?");
    }

    @Test
    void mimeReasonsAreSentAsTheirOwnEntity() throws Exception {
        activate("require \"vacation\"; vacation :mime text:\nContent-Type: text/plain; charset=utf-8\n\nWeg.\n.\n;");
        String text = new String(replies(deliver("bob@example.com", "")).getFirst().reply(), StandardCharsets.UTF_8);
        assertThat(text).contains("MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nWeg.\r\n");
    }

    @Test
    void theDatabaseHoldsNoSenderAddress() throws Exception {
        activate(VACATION);
        assertThat(replies(deliver("unique-sender-4711@example.com", ""))).hasSize(1);
        store.close();
        StringBuilder files = new StringBuilder();
        try (var entries = Files.list(directory)) {
            for (Path file : entries.filter(Files::isRegularFile).toList()) {
                files.append(new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1));
            }
        }
        assertThat(files.toString()).doesNotContain("unique-sender-4711");
        store = Store.open(directory);
    }

    /** A clock the test moves forward. */
    private static final class MovableClock extends Clock {
        private Instant now;

        MovableClock(Instant now) {
            this.now = now;
        }

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
