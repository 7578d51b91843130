package dev.coffer.pop3;

import static dev.coffer.pop3.Pop3Fixture.ALICE;
import static dev.coffer.pop3.Pop3Fixture.HOST;
import static dev.coffer.pop3.Pop3Fixture.READ_SECRET;
import static dev.coffer.pop3.Pop3Fixture.SEND_SECRET;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Both listeners on ephemeral ports, driven over real sockets, one command at a time. */
class Pop3SessionTest {

    private static final Pop3Limits LIMITS = new Pop3Limits(512, Duration.ofSeconds(10), 10, 50);
    private static final String INVALID = "-ERR [AUTH] Invalid credentials. Use an app password"
            + " (create one with 'coffer user app-password add'); the account password is not accepted here.";

    private static final String FIRST = "From: bob@example.net\r\nSubject: one\r\n\r\nHello\r\n.hidden dot\r\nbye\r\n";
    private static final String SECOND = "From: carol@example.net\r\nSubject: two\r\n\r\nSecond\r\n";

    @TempDir
    static Path directory;

    private static Pop3Fixture fixture;
    private static SSLContext trusting;
    private Pop3Fixture.Servers servers;
    private InMemoryMailboxes mailboxes;
    private long firstUid;
    private long secondUid;

    @BeforeAll
    static void createStore() throws Exception {
        fixture = Pop3Fixture.create(directory);
        trusting = fixture.clientContext();
    }

    @AfterAll
    static void closeStore() {
        fixture.close();
    }

    @BeforeEach
    void startServers() throws Exception {
        servers = fixture.start(LIMITS);
        mailboxes = servers.mailboxes();
        firstUid = mailboxes.deliver(fixture.alice.id(), FIRST);
        secondUid = mailboxes.deliver(fixture.alice.id(), SECOND);
    }

    @AfterEach
    void stopServers() {
        servers.close();
    }

    private Pop3TestClient plain() throws Exception {
        Pop3TestClient client = Pop3TestClient.plain(servers.pop3().port());
        assertThat(client.line()).isEqualTo("+OK " + HOST + " POP3 server ready");
        return client;
    }

    private Pop3TestClient secure() throws Exception {
        Pop3TestClient client = Pop3TestClient.implicitTls(servers.pop3s().port(), trusting);
        assertThat(client.line()).isEqualTo("+OK " + HOST + " POP3 server ready");
        return client;
    }

    private Pop3TestClient loggedIn() throws Exception {
        Pop3TestClient client = secure();
        assertThat(client.command("USER " + ALICE)).startsWith("+OK");
        assertThat(client.command("PASS " + READ_SECRET)).isEqualTo("+OK Maildrop has 2 messages ("
                + (FIRST.length() + SECOND.length()) + " octets)");
        return client;
    }

    private static String plainResponse(String authzid, String authcid, String password) {
        return Base64.getEncoder().encodeToString((authzid + "\0" + authcid + "\0" + password).getBytes(StandardCharsets.UTF_8));
    }

    // Greeting, CAPA, TLS

    @Test
    void capaBeforeTlsOffersStlsAndNoLoginMechanisms() throws Exception {
        try (Pop3TestClient client = plain()) {
            assertThat(client.command("CAPA")).isEqualTo("+OK Capability list follows");
            assertThat(client.body()).containsExactly("TOP", "UIDL", "RESP-CODES", "AUTH-RESP-CODE", "PIPELINING",
                    "EXPIRE NEVER", "LOGIN-DELAY 0", "STLS");
        }
    }

    @Test
    void capaAfterStlsOffersUserAndSaslPlainButNoLongerStls() throws Exception {
        try (Pop3TestClient client = plain()) {
            assertThat(client.command("STLS")).isEqualTo("+OK Begin TLS negotiation");
            client.startTls(trusting);
            assertThat(client.command("CAPA")).startsWith("+OK");
            assertThat(client.body()).contains("USER", "SASL PLAIN", "TOP", "UIDL").doesNotContain("STLS")
                    .noneMatch(line -> line.startsWith("IMPLEMENTATION"));
        }
    }

    @Test
    void capaOnPop3sOffersLoginMechanismsAndNoStls() throws Exception {
        try (Pop3TestClient client = secure()) {
            client.command("CAPA");
            assertThat(client.body()).contains("USER", "SASL PLAIN").doesNotContain("STLS");
        }
    }

    @Test
    void capaAfterLoginOmitsLoginMechanisms() throws Exception {
        try (Pop3TestClient client = loggedIn()) {
            client.command("CAPA");
            assertThat(client.body()).contains("TOP", "UIDL").doesNotContain("USER", "SASL PLAIN", "STLS");
        }
    }

    @Test
    void refusesEveryLoginBeforeTls() throws Exception {
        try (Pop3TestClient client = plain()) {
            String refused = "-ERR [SYS/PERM] Logins are not accepted before TLS; send STLS first or use the POP3S port";
            assertThat(client.command("USER " + ALICE)).isEqualTo(refused);
            assertThat(client.command("PASS " + READ_SECRET)).isEqualTo(refused);
            assertThat(client.command("AUTH PLAIN " + plainResponse("", ALICE, READ_SECRET))).isEqualTo(refused);
            assertThat(client.command("AUTH")).isEqualTo(refused);
        }
    }

    @Test
    void logsInWithUserAndPassAfterStls() throws Exception {
        try (Pop3TestClient client = plain()) {
            client.command("STLS");
            client.startTls(trusting);
            assertThat(client.command("USER " + ALICE)).startsWith("+OK");
            assertThat(client.command("PASS " + READ_SECRET)).startsWith("+OK Maildrop has 2 messages");
        }
    }

    @Test
    void stlsDiscardsCommandsPipelinedInClear() throws Exception {
        try (Pop3TestClient client = plain()) {
            client.send("STLS\r\nUSER " + ALICE + "\r\n");
            assertThat(client.line()).isEqualTo("+OK Begin TLS negotiation");
            client.startTls(trusting);
            // had USER survived, PASS would log in
            assertThat(client.command("PASS " + READ_SECRET)).isEqualTo("-ERR Send USER first");
        }
    }

    @Test
    void stlsIsRefusedOnceTlsIsActive() throws Exception {
        try (Pop3TestClient client = secure()) {
            assertThat(client.command("STLS")).isEqualTo("-ERR TLS is already active");
        }
    }

    // Logins

    @Test
    void logsInWithAuthPlainAndAnInitialResponse() throws Exception {
        try (Pop3TestClient client = secure()) {
            assertThat(client.command("AUTH PLAIN " + plainResponse("", ALICE, READ_SECRET)))
                    .startsWith("+OK Maildrop has 2 messages");
        }
    }

    @Test
    void logsInWithAuthPlainAfterAnEmptyChallenge() throws Exception {
        try (Pop3TestClient client = secure()) {
            assertThat(client.command("AUTH PLAIN")).isEqualTo("+ ");
            assertThat(client.command(plainResponse(ALICE, ALICE, READ_SECRET))).startsWith("+OK Maildrop has 2 messages");
        }
    }

    @Test
    void authCanBeCanceledWithAStar() throws Exception {
        try (Pop3TestClient client = secure()) {
            assertThat(client.command("AUTH PLAIN")).isEqualTo("+ ");
            assertThat(client.command("*")).isEqualTo("-ERR Authentication canceled");
            assertThat(client.command("STAT")).isEqualTo("-ERR STAT is not allowed before login");
        }
    }

    @Test
    void authWithoutMechanismListsPlain() throws Exception {
        try (Pop3TestClient client = secure()) {
            assertThat(client.command("AUTH")).startsWith("+OK");
            assertThat(client.body()).containsExactly("PLAIN");
        }
    }

    @Test
    void authRefusesOtherMechanismsAndMalformedResponses() throws Exception {
        try (Pop3TestClient client = secure()) {
            assertThat(client.command("AUTH CRAM-MD5")).isEqualTo("-ERR Unsupported authentication mechanism; use PLAIN");
            assertThat(client.command("AUTH PLAIN !!!")).isEqualTo("-ERR Invalid base64 in the authentication response");
        }
    }

    @Test
    void authPlainRefusesActingAsAnotherUser() throws Exception {
        try (Pop3TestClient client = secure()) {
            assertThat(client.command("AUTH PLAIN " + plainResponse("bob@example.org", ALICE, READ_SECRET)))
                    .isEqualTo(INVALID);
        }
    }

    @Test
    void refusesAWrongPasswordWithTheAuthCodeAndAHint() throws Exception {
        try (Pop3TestClient client = secure()) {
            client.command("USER " + ALICE);
            assertThat(client.command("PASS the account password")).isEqualTo(INVALID);
            assertThat(client.command("AUTH PLAIN " + plainResponse("", ALICE, "wrong"))).isEqualTo(INVALID);
        }
    }

    @Test
    void refusesUnknownUsersExactlyLikeWrongPasswords() throws Exception {
        try (Pop3TestClient client = secure()) {
            assertThat(client.command("USER nobody@example.org")).startsWith("+OK");
            assertThat(client.command("PASS " + READ_SECRET)).isEqualTo(INVALID);
        }
    }

    @Test
    void refusesAnAppPasswordThatMayOnlySend() throws Exception {
        try (Pop3TestClient client = secure()) {
            client.command("USER " + ALICE);
            assertThat(client.command("PASS " + SEND_SECRET)).isEqualTo(INVALID);
        }
    }

    @Test
    void throttlesRepeatedFailuresWithATemporaryCodeAndTheDelay() throws Exception {
        try (Pop3TestClient client = secure()) {
            for (int i = 0; i < 5; i++) {
                assertThat(client.command("AUTH PLAIN " + plainResponse("", ALICE, "wrong"))).isEqualTo(INVALID);
            }
            // even the right password waits out the delay
            assertThat(client.command("AUTH PLAIN " + plainResponse("", ALICE, READ_SECRET)))
                    .matches("-ERR \\[SYS/TEMP] Too many failed logins; try again in [0-9]+ seconds");
        }
    }

    @Test
    void passNeedsUserFirst() throws Exception {
        try (Pop3TestClient client = secure()) {
            assertThat(client.command("PASS " + READ_SECRET)).isEqualTo("-ERR Send USER first");
        }
    }

    @Test
    void apopIsNotSupported() throws Exception {
        try (Pop3TestClient client = secure()) {
            assertThat(client.command("APOP alice c4c9334bac560ecc979e58001b3e22fb")).startsWith("-ERR APOP is not supported");
        }
    }

    @Test
    void transactionCommandsAreRefusedBeforeLogin() throws Exception {
        try (Pop3TestClient client = secure()) {
            for (String command : List.of("STAT", "LIST", "UIDL", "RETR 1", "TOP 1 0", "DELE 1", "RSET", "NOOP")) {
                assertThat(client.command(command)).as(command).endsWith("is not allowed before login");
            }
        }
    }

    @Test
    void loginCommandsAreRefusedAfterLogin() throws Exception {
        try (Pop3TestClient client = loggedIn()) {
            assertThat(client.command("USER " + ALICE)).isEqualTo("-ERR USER is not allowed after login");
            assertThat(client.command("PASS x")).isEqualTo("-ERR PASS is not allowed after login");
            assertThat(client.command("AUTH PLAIN")).isEqualTo("-ERR AUTH is not allowed after login");
            assertThat(client.command("STLS")).isEqualTo("-ERR TLS is already active");
        }
    }

    // The TRANSACTION state

    @Test
    void statCountsMessagesAndOctets() throws Exception {
        try (Pop3TestClient client = loggedIn()) {
            assertThat(client.command("STAT")).isEqualTo("+OK 2 " + (FIRST.length() + SECOND.length()));
        }
    }

    @Test
    void listsAllMessagesOrOne() throws Exception {
        try (Pop3TestClient client = loggedIn()) {
            assertThat(client.command("LIST")).startsWith("+OK 2 messages");
            assertThat(client.body()).containsExactly("1 " + FIRST.length(), "2 " + SECOND.length());
            assertThat(client.command("LIST 2")).isEqualTo("+OK 2 " + SECOND.length());
            assertThat(client.command("LIST 3")).isEqualTo("-ERR No such message: 3");
        }
    }

    @Test
    void uidlGivesUidvalidityDotUidStableAcrossSessions() throws Exception {
        List<String> listing;
        try (Pop3TestClient client = loggedIn()) {
            assertThat(client.command("UIDL")).startsWith("+OK");
            listing = client.body();
            assertThat(listing).containsExactly(
                    "1 " + InMemoryMailboxes.UID_VALIDITY + "." + firstUid,
                    "2 " + InMemoryMailboxes.UID_VALIDITY + "." + secondUid);
            assertThat(client.command("UIDL 2")).isEqualTo("+OK 2 " + InMemoryMailboxes.UID_VALIDITY + "." + secondUid);
            assertThat(client.command("UIDL 9")).isEqualTo("-ERR No such message: 9");
            client.command("QUIT");
        }
        try (Pop3TestClient client = loggedIn()) {
            client.command("UIDL");
            assertThat(client.body()).isEqualTo(listing);
        }
    }

    @Test
    void retrSendsTheStoredBytesByteStuffed() throws Exception {
        try (Pop3TestClient client = loggedIn()) {
            assertThat(client.command("RETR 1")).isEqualTo("+OK " + FIRST.length() + " octets");
            assertThat(client.body()).containsExactly(
                    "From: bob@example.net", "Subject: one", "", "Hello", "..hidden dot", "bye");
            assertThat(client.command("RETR 3")).isEqualTo("-ERR No such message: 3");
        }
    }

    @Test
    void topSendsTheHeaderAndTheAskedNumberOfBodyLines() throws Exception {
        try (Pop3TestClient client = loggedIn()) {
            assertThat(client.command("TOP 1 0")).startsWith("+OK");
            assertThat(client.body()).containsExactly("From: bob@example.net", "Subject: one", "");
            assertThat(client.command("TOP 1 2")).startsWith("+OK");
            assertThat(client.body()).containsExactly("From: bob@example.net", "Subject: one", "", "Hello", "..hidden dot");
        }
    }

    @Test
    void deleOnlyMarksAndQuitRemoves() throws Exception {
        try (Pop3TestClient client = loggedIn()) {
            assertThat(client.command("DELE 1")).isEqualTo("+OK Message 1 deleted");
            assertThat(mailboxes.uids(fixture.alice.id())).containsExactly(firstUid, secondUid);
            assertThat(client.command("STAT")).isEqualTo("+OK 1 " + SECOND.length());
            assertThat(client.command("LIST")).startsWith("+OK 1 messages");
            assertThat(client.body()).containsExactly("2 " + SECOND.length());
            assertThat(client.command("RETR 1")).isEqualTo("-ERR Message 1 is already deleted");
            assertThat(client.command("DELE 1")).isEqualTo("-ERR Message 1 is already deleted");
            assertThat(client.command("LIST 1")).isEqualTo("-ERR Message 1 is already deleted");
            assertThat(client.command("QUIT")).isEqualTo("+OK " + HOST + " POP3 server signing off (1 messages left)");
            assertThat(client.closedByServer()).isTrue();
        }
        assertThat(mailboxes.uids(fixture.alice.id())).containsExactly(secondUid);
        try (Pop3TestClient client = secure()) {
            client.command("USER " + ALICE);
            assertThat(client.command("PASS " + READ_SECRET)).startsWith("+OK Maildrop has 1 messages");
            assertThat(client.command("UIDL 1")).isEqualTo("+OK 1 " + InMemoryMailboxes.UID_VALIDITY + "." + secondUid);
        }
    }

    @Test
    void rsetUnmarksDeletedMessages() throws Exception {
        try (Pop3TestClient client = loggedIn()) {
            client.command("DELE 1");
            client.command("DELE 2");
            assertThat(client.command("RSET")).startsWith("+OK Maildrop has 2 messages");
            assertThat(client.command("QUIT")).startsWith("+OK");
        }
        assertThat(mailboxes.uids(fixture.alice.id())).containsExactly(firstUid, secondUid);
    }

    @Test
    void aDroppedConnectionDeletesNothing() throws Exception {
        try (Pop3TestClient client = loggedIn()) {
            client.command("DELE 1");
            client.command("DELE 2");
        }
        Thread.sleep(200);
        assertThat(mailboxes.uids(fixture.alice.id())).containsExactly(firstUid, secondUid);
        assertThat(mailboxes.flags(fixture.alice.id(), firstUid)).doesNotContain("\\Deleted");
    }

    @Test
    void retrievedMessagesBecomeSeenAtQuit() throws Exception {
        try (Pop3TestClient client = loggedIn()) {
            client.command("RETR 2");
            client.body();
            client.command("TOP 1 1");
            client.body();
            client.command("QUIT");
        }
        assertThat(mailboxes.flags(fixture.alice.id(), secondUid)).contains("\\Seen");
        assertThat(mailboxes.flags(fixture.alice.id(), firstUid)).doesNotContain("\\Seen");
    }

    @Test
    void newDeliveriesAppearOnlyAtTheNextLogin() throws Exception {
        try (Pop3TestClient client = loggedIn()) {
            long third = mailboxes.deliver(fixture.alice.id(), "Subject: three\r\n\r\nlate\r\n");
            assertThat(client.command("STAT")).startsWith("+OK 2 ");
            assertThat(client.command("RETR 3")).isEqualTo("-ERR No such message: 3");
            client.command("QUIT");
            assertThat(third).isGreaterThan(secondUid);
        }
        try (Pop3TestClient client = secure()) {
            client.command("USER " + ALICE);
            assertThat(client.command("PASS " + READ_SECRET)).startsWith("+OK Maildrop has 3 messages");
        }
    }

    @Test
    void messagesFlaggedDeletedByImapAreNotInTheMaildrop() throws Exception {
        mailboxes.addFlag(fixture.alice.id(), firstUid, "\\Deleted");
        try (Pop3TestClient client = secure()) {
            client.command("USER " + ALICE);
            assertThat(client.command("PASS " + READ_SECRET)).startsWith("+OK Maildrop has 1 messages");
        }
    }

    @Test
    void aMessageRemovedElsewhereIsNoLongerAvailable() throws Exception {
        try (Pop3TestClient client = loggedIn()) {
            mailboxes.removeElsewhere(fixture.alice.id(), firstUid);
            assertThat(client.command("RETR 1")).isEqualTo("-ERR Message 1 is no longer available");
            assertThat(client.command("DELE 1")).startsWith("+OK");
            assertThat(client.command("QUIT")).startsWith("+OK");
        }
        assertThat(mailboxes.uids(fixture.alice.id())).containsExactly(secondUid);
    }

    @Test
    void aFailedUpdateSaysSomeDeletedMessagesWereNotRemoved() throws Exception {
        mailboxes.failExpunge = true;
        try (Pop3TestClient client = loggedIn()) {
            client.command("DELE 1");
            assertThat(client.command("QUIT")).isEqualTo("-ERR [SYS/TEMP] Some deleted messages not removed; try again later");
            assertThat(client.closedByServer()).isTrue();
        }
    }

    @Test
    void noopAnswersOk() throws Exception {
        try (Pop3TestClient client = loggedIn()) {
            assertThat(client.command("NOOP")).isEqualTo("+OK");
        }
    }

    @Test
    void quitBeforeLoginSignsOff() throws Exception {
        try (Pop3TestClient client = plain()) {
            assertThat(client.command("QUIT")).isEqualTo("+OK " + HOST + " POP3 server signing off");
            assertThat(client.closedByServer()).isTrue();
        }
    }

    @Test
    void answersPipelinedCommandsInOrder() throws Exception {
        try (Pop3TestClient client = secure()) {
            client.send("USER " + ALICE + "\r\nPASS " + READ_SECRET + "\r\nSTAT\r\nLIST 1\r\nUIDL\r\nNOOP\r\n");
            assertThat(client.line()).startsWith("+OK Send PASS");
            assertThat(client.line()).startsWith("+OK Maildrop has 2 messages");
            assertThat(client.line()).startsWith("+OK 2 ");
            assertThat(client.line()).isEqualTo("+OK 1 " + FIRST.length());
            assertThat(client.line()).startsWith("+OK");
            assertThat(client.body()).hasSize(2);
            assertThat(client.line()).isEqualTo("+OK");
        }
    }

    // Limits and errors

    @Test
    void unknownCommandsAndOverlongLinesAreErrors() throws Exception {
        try (Pop3TestClient client = plain()) {
            assertThat(client.command("XYZZY")).isEqualTo("-ERR Unknown command");
            assertThat(client.command("NOOP " + "x".repeat(600))).isEqualTo("-ERR Line too long");
            assertThat(client.command("CAPA")).startsWith("+OK");
        }
    }

    @Test
    void tooManyErrorsCloseTheConnection() throws Exception {
        try (Pop3TestClient client = plain()) {
            for (int i = 1; i < LIMITS.maxErrors(); i++) {
                assertThat(client.command("XYZZY")).isEqualTo("-ERR Unknown command");
            }
            assertThat(client.command("XYZZY")).isEqualTo("-ERR Unknown command");
            assertThat(client.line()).isEqualTo("-ERR [SYS/PERM] Too many errors; closing connection");
            assertThat(client.closedByServer()).isTrue();
        }
    }

    @Test
    void anIdleSessionIsClosedSilentlyAndDeletesNothing() throws Exception {
        try (Pop3Fixture.Servers quick = fixture.start(new Pop3Limits(512, Duration.ofMillis(300), 10, 50))) {
            long uid = quick.mailboxes().deliver(fixture.alice.id(), FIRST);
            try (Pop3TestClient client = Pop3TestClient.implicitTls(quick.pop3s().port(), trusting)) {
                client.line();
                client.command("USER " + ALICE);
                assertThat(client.command("PASS " + READ_SECRET)).startsWith("+OK");
                assertThat(client.command("DELE 1")).startsWith("+OK");
                // RFC 1939 §3: no response, no UPDATE
                assertThat(client.closedByServer()).isTrue();
            }
            assertThat(quick.mailboxes().uids(fixture.alice.id())).containsExactly(uid);
        }
    }

    @Test
    void refusesMoreConnectionsFromOneAddressThanAllowed() throws Exception {
        try (Pop3Fixture.Servers limited = fixture.start(new Pop3Limits(512, Duration.ofSeconds(10), 10, 2))) {
            List<Pop3TestClient> open = new ArrayList<>();
            try {
                for (int i = 0; i < 2; i++) {
                    Pop3TestClient client = Pop3TestClient.plain(limited.pop3().port());
                    open.add(client);
                    assertThat(client.line()).startsWith("+OK");
                }
                try (Pop3TestClient third = Pop3TestClient.plain(limited.pop3().port())) {
                    assertThat(third.line()).isEqualTo("-ERR [SYS/TEMP] Too many connections from your address; try again later");
                    assertThat(third.closedByServer()).isTrue();
                }
                try (Pop3TestClient third = Pop3TestClient.implicitTls(limited.pop3s().port(), trusting)) {
                    assertThat(third.line()).startsWith("+OK");
                }
            } finally {
                for (Pop3TestClient client : open) {
                    client.close();
                }
            }
        }
    }
}
