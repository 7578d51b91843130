package dev.coffer.imap;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coffer.testing.TestTls;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Both listeners on ephemeral ports, driven over real sockets. */
class ImapServerTest {

    static final ImapLimits LIMITS = new ImapLimits(8 * 1024, 8 * 1024, 50, Duration.ofSeconds(30), 20, 8 * 1024,
            Duration.ofSeconds(5));

    @TempDir
    static Path directory;

    static ImapFixture fixture;

    @BeforeAll
    static void start() throws Exception {
        fixture = ImapFixture.start(directory, LIMITS, 100_000);
    }

    @AfterAll
    static void stop() throws Exception {
        fixture.close();
    }

    private static String mailbox(String prefix) {
        return prefix + System.nanoTime();
    }

    @Test
    void plainPortDisablesLoginUntilStartTls() throws Exception {
        try (ImapTestClient client = fixture.connectPlain()) {
            assertThat(client.greeting).startsWith("* OK [CAPABILITY IMAP4rev2 IMAP4rev1 STARTTLS LOGINDISABLED");
            assertThat(client.greeting).doesNotContain("AUTH=PLAIN");
            assertThat(client.tagged("LOGIN " + ImapFixture.ADDRESS + " " + ImapFixture.SECRET))
                    .isEqualTo("t1 NO [PRIVACYREQUIRED] Use STARTTLS before logging in");
            assertThat(client.tagged("AUTHENTICATE PLAIN")).contains("NO [PRIVACYREQUIRED]");
            client.startTls();
            List<String> capability = client.expectOk("CAPABILITY");
            assertThat(capability.getFirst()).contains("AUTH=PLAIN").doesNotContain("STARTTLS").doesNotContain("LOGINDISABLED");
            client.expectOk("LOGIN " + ImapFixture.ADDRESS + " " + ImapFixture.SECRET);
        }
    }

    @Test
    void startTlsDiscardsCommandsPipelinedInClear() throws Exception {
        try (ImapTestClient client = fixture.connectPlain()) {
            client.send("t1 STARTTLS\r\nt2 LOGIN x y\r\n");
            assertThat(client.readLine()).startsWith("t1 OK");
            // no answer to t2 may come, in clear or after the handshake
            SSLSocket secure = TestTls.handshake(fixture.clientTls, client.socket());
            client.useStreams(secure.getInputStream(), secure.getOutputStream());
            client.send("t3 NOOP\r\n");
            assertThat(client.readLine()).startsWith("t3 OK");
        }
    }

    @Test
    void wrongPasswordIsRefusedWithAdvice() throws Exception {
        try (ImapTestClient client = fixture.connectImplicit()) {
            assertThat(client.tagged("LOGIN " + ImapFixture.ADDRESS + " wrong")).isEqualTo(
                    "t1 NO [AUTHENTICATIONFAILED] Invalid credentials. Use an app password (create one with "
                            + "'coffer user app-password add'); the account password is not accepted here.");
        }
    }

    @Test
    void appPasswordWithoutReadScopeIsRefused() throws Exception {
        try (ImapTestClient client = fixture.connectImplicit()) {
            assertThat(client.tagged("LOGIN " + ImapFixture.OTHER_ADDRESS + " " + ImapFixture.OTHER_SECRET))
                    .contains("NO [AUTHENTICATIONFAILED]");
        }
    }

    @Test
    void authenticatePlainWithInitialResponseAndWithContinuation() throws Exception {
        String plain = Base64.getEncoder().encodeToString(
                ("\0" + ImapFixture.ADDRESS + "\0" + ImapFixture.SECRET).getBytes(StandardCharsets.UTF_8));
        try (ImapTestClient client = fixture.connectImplicit()) {
            client.expectOk("AUTHENTICATE PLAIN " + plain);
        }
        try (ImapTestClient client = fixture.connectImplicit()) {
            client.send("a AUTHENTICATE PLAIN\r\n");
            assertThat(client.readLine()).isEqualTo("+ ");
            client.send(plain + "\r\n");
            assertThat(client.readLine()).startsWith("a OK [CAPABILITY IMAP4rev2");
        }
        try (ImapTestClient client = fixture.connectImplicit()) {
            client.send("a AUTHENTICATE PLAIN\r\n");
            client.readLine();
            client.send("*\r\n");
            assertThat(client.readLine()).startsWith("a BAD Authentication cancelled");
        }
    }

    @Test
    void selectFetchStoreExpunge() throws Exception {
        String name = mailbox("Work");
        try (ImapTestClient client = fixture.loggedIn()) {
            client.expectOk("CREATE " + name);
            fixture.mail.deliver(fixture.account.id(), name,
                    Messages.encrypted("Bob <bob@example.org>", "alice@coffer.test", "<m1@example.org>"));
            fixture.mail.deliver(fixture.account.id(), name, Messages.plain("second"));
            List<String> select = client.expectOk("SELECT " + name);
            assertThat(select).contains("* 2 EXISTS").anyMatch(l -> l.startsWith("* OK [UIDVALIDITY "));
            assertThat(select.getLast()).contains("[READ-WRITE]");

            List<String> fetch = client.expectOk("FETCH 1 (UID FLAGS RFC822.SIZE ENVELOPE BODYSTRUCTURE)");
            assertThat(fetch.getFirst()).startsWith("* 1 FETCH (UID 1 FLAGS () RFC822.SIZE ")
                    .contains("ENVELOPE (\"Tue, 2 Jan 2024 10:00:00 +0000\" \"[...]\" ((\"Bob\" NIL \"bob\" \"example.org\"))")
                    .contains("BODYSTRUCTURE ((\"APPLICATION\" \"PGP-ENCRYPTED\" NIL NIL \"PGP/MIME version identification\" \"7BIT\" 12")
                    .contains("\"ENCRYPTED\" (\"PROTOCOL\" \"application/pgp-encrypted\" \"BOUNDARY\" \"b1\")");

            List<String> peek = client.expectOk("FETCH 2 (BODY.PEEK[HEADER.FIELDS (Subject)])");
            assertThat(peek.getFirst()).isEqualTo("* 2 FETCH (BODY[HEADER.FIELDS (Subject)] {19}\r\nSubject: second\r\n\r\n)");

            List<String> body = client.expectOk("FETCH 2 BODY[TEXT]");
            assertThat(body.getFirst()).isEqualTo("* 2 FETCH (BODY[TEXT] {7}\r\nHello\r\n FLAGS (\\Seen))");

            assertThat(client.expectOk("FETCH 1 BODY.PEEK[2]<0.11>").getFirst())
                    .isEqualTo("* 1 FETCH (BODY[2]<0> {11}\r\n-----BEGIN )");

            assertThat(client.expectOk("STORE 1 +FLAGS (\\Deleted)").getFirst())
                    .isEqualTo("* 1 FETCH (FLAGS (\\Deleted))");
            List<String> expunge = client.expectOk("EXPUNGE");
            assertThat(expunge).containsExactly("* 1 EXPUNGE", expunge.getLast());
            assertThat(client.expectOk("UID FETCH 1:* (FLAGS)").getFirst()).isEqualTo("* 1 FETCH (UID 2 FLAGS (\\Seen))");
        }
    }

    @Test
    void invalidInputGetsBadWithReason() throws Exception {
        try (ImapTestClient client = fixture.loggedIn()) {
            client.expectOk("SELECT INBOX");
            assertThat(client.tagged("FETCH 1:2x (FLAGS)")).matches("t\\d+ BAD Invalid sequence set at 'x \\(FLAGS\\)'");
            assertThat(client.tagged("FETCH 0 (FLAGS)")).matches("t\\d+ BAD Invalid sequence set: numbers run from 1 .*");
            assertThat(client.tagged("SEARCH (OR SEEN UNSEEN")).matches("t\\d+ BAD Expected '\\)' but the command ended");
            assertThat(client.tagged("FETCH 1 (FLAGS")).matches("t\\d+ BAD Expected '\\)' but the command ended");
            assertThat(client.tagged("FROB")).matches("t\\d+ BAD Unknown command FROB");
            client.send("\r\n");
            assertThat(client.readLine()).startsWith("* BAD Missing or invalid tag");
            assertThat(client.tagged("NOOP")).matches("t\\d+ OK NOOP completed");
        }
    }

    @Test
    void thousandsOfPipelinedCommandsAreAllAnswered() throws Exception {
        try (ImapTestClient client = fixture.loggedIn()) {
            StringBuilder burst = new StringBuilder();
            for (int i = 0; i < 5_000; i++) {
                burst.append("n").append(i).append(" NOOP\r\n");
            }
            client.send(burst.toString());
            for (int i = 0; i < 5_000; i++) {
                assertThat(client.readLine()).isEqualTo("n" + i + " OK NOOP completed");
            }
        }
    }

    @Test
    void oversizedLiteralsAreRefusedWithoutReadingThem() throws Exception {
        try (ImapTestClient client = fixture.loggedIn()) {
            // synchronizing: no continuation, so the client never sends the data
            client.send("a1 APPEND INBOX {200000}\r\n");
            assertThat(client.readLine()).isEqualTo("a1 NO [TOOBIG] Message too big: the limit is 100000 octets");
            client.send("a2 LOGIN {100000}\r\n");
            assertThat(client.readLine()).startsWith("a2 BAD Literal too big");
            // LITERAL+: the data comes anyway and is read away
            client.send("a3 APPEND INBOX {150000+}\r\n" + "x".repeat(150_000) + "\r\n");
            assertThat(client.readLine()).startsWith("a3 NO [TOOBIG]");
            assertThat(client.tagged("NOOP")).startsWith("t2 OK");
        }
    }

    @Test
    void absurdLineIsAnsweredWithByeAndServerKeepsServing() throws Exception {
        try (ImapTestClient client = fixture.loggedIn()) {
            client.send("a1 NOOP " + "x".repeat(20_000) + "\r\n");
            assertThat(client.readLine()).startsWith("a1 BAD Command line too long");
            byte[] flood = new byte[10 * 1024 * 1024];
            java.util.Arrays.fill(flood, (byte) 'y');
            try {
                client.send("a2 NOOP ".getBytes(StandardCharsets.US_ASCII));
                client.send(flood);
            } catch (IOException expected) {
                // the server may close while we still write
            }
            assertThat(client.readLine()).isEqualTo("* BYE Command line too long");
        }
        try (ImapTestClient client = fixture.loggedIn()) {
            assertThat(client.tagged("NOOP")).startsWith("t2 OK");
        }
    }

    @Test
    void appendReportsAppendUidAndSelectedSessionSeesIt() throws Exception {
        String name = mailbox("Append");
        try (ImapTestClient client = fixture.loggedIn(); ImapTestClient other = fixture.loggedIn()) {
            client.expectOk("CREATE " + name);
            other.expectOk("SELECT " + name);
            String message = Messages.plain("appended");
            client.send("a1 APPEND " + name + " (\\Seen) \"05-Jan-2024 10:00:00 +0100\" {" + message.length() + "}\r\n");
            assertThat(client.readLine()).startsWith("+ ");
            client.send(message + "\r\n");
            String done = client.readLine();
            assertThat(done).matches("a1 OK \\[APPENDUID \\d+ 1\\] APPEND completed");
            assertThat(other.expectOk("NOOP")).first().isEqualTo("* 1 EXISTS");
            assertThat(other.expectOk("FETCH 1 (FLAGS INTERNALDATE)").getFirst())
                    .isEqualTo("* 1 FETCH (FLAGS (\\Seen) INTERNALDATE \"05-Jan-2024 09:00:00 +0000\")");
            assertThat(client.tagged("APPEND Nowhere {3+}\r\nabc")).contains("NO [TRYCREATE]");
        }
    }

    @Test
    void idleReportsDeliveryFromOtherSession() throws Exception {
        String name = mailbox("Idle");
        try (ImapTestClient client = fixture.loggedIn()) {
            client.expectOk("CREATE " + name);
            client.expectOk("SELECT " + name);
            client.send("i1 IDLE\r\n");
            assertThat(client.readLine()).isEqualTo("+ idling");
            fixture.mail.deliver(fixture.account.id(), name, Messages.plain("while idle"));
            assertThat(client.readLine()).isEqualTo("* 1 EXISTS");
            client.send("DONE\r\n");
            assertThat(client.readLine()).isEqualTo("i1 OK IDLE terminated");
        }
    }

    @Test
    void expungesFromOtherSessionsWaitUntilAllowed() throws Exception {
        String name = mailbox("Expunge");
        fixture.mail.create(fixture.account.id(), name, null);
        for (int i = 0; i < 3; i++) {
            fixture.mail.deliver(fixture.account.id(), name, Messages.plain("m" + i));
        }
        try (ImapTestClient client = fixture.loggedIn(); ImapTestClient other = fixture.loggedIn()) {
            client.expectOk("SELECT " + name);
            other.expectOk("SELECT " + name);
            other.expectOk("STORE 2 +FLAGS.SILENT (\\Deleted)");
            other.expectOk("EXPUNGE");
            List<String> fetch = client.expectOk("FETCH 1:3 (UID)");
            // the flag change may be told, the expunge not (RFC 9051 §7.5.1)
            assertThat(fetch).noneMatch(l -> l.contains("EXPUNGE")).contains("* 3 FETCH (UID 3)");
            assertThat(client.expectOk("NOOP")).contains("* 2 EXPUNGE");
            assertThat(client.expectOk("FETCH 2 (UID)").getFirst()).isEqualTo("* 2 FETCH (UID 3)");
        }
    }

    @Test
    void qresyncReportsVanishedEarlierAndChangedFlags() throws Exception {
        String name = mailbox("Resync");
        fixture.mail.create(fixture.account.id(), name, null);
        for (int i = 0; i < 4; i++) {
            fixture.mail.deliver(fixture.account.id(), name, Messages.plain("m" + i));
        }
        long uidValidity;
        long modseq;
        try (ImapTestClient client = fixture.loggedIn()) {
            client.expectOk("ENABLE QRESYNC");
            List<String> select = client.expectOk("SELECT " + name);
            uidValidity = number(select, "UIDVALIDITY");
            modseq = number(select, "HIGHESTMODSEQ");
            client.expectOk("STORE 1 +FLAGS (\\Flagged)");
            client.expectOk("UID STORE 2,3 +FLAGS.SILENT (\\Deleted)");
            List<String> expunge = client.expectOk("UID EXPUNGE 2");
            assertThat(expunge).contains("* VANISHED 2");
        }
        try (ImapTestClient client = fixture.loggedIn()) {
            assertThat(client.expectOk("ENABLE QRESYNC CONDSTORE").getFirst()).isEqualTo("* ENABLED QRESYNC CONDSTORE");
            List<String> select = client.expectOk("SELECT " + name + " (QRESYNC (" + uidValidity + " " + modseq + " 1:4))");
            assertThat(select).contains("* VANISHED (EARLIER) 2");
            assertThat(select).anyMatch(l -> l.matches("\\* 1 FETCH \\(UID 1 FLAGS \\(\\\\Flagged\\) MODSEQ \\(\\d+\\)\\)"));
            assertThat(select).anyMatch(l -> l.matches("\\* 2 FETCH \\(UID 3 FLAGS \\(\\\\Deleted\\) MODSEQ \\(\\d+\\)\\)"));
            List<String> changed = client.expectOk("UID FETCH 1:* (FLAGS) (CHANGEDSINCE " + modseq + " VANISHED)");
            assertThat(changed.getFirst()).isEqualTo("* VANISHED (EARLIER) 2");
            assertThat(client.tagged("STORE 1 (UNCHANGEDSINCE 1) +FLAGS (\\Seen)")).contains("OK [MODIFIED 1]");
        }
    }

    @Test
    void searchUsesWhatTheServerMaySee() throws Exception {
        String name = mailbox("Search");
        fixture.mail.create(fixture.account.id(), name, null);
        fixture.mail.deliver(fixture.account.id(), name,
                Messages.encrypted("Bob <bob@example.org>", "alice@coffer.test", "<s1@example.org>"));
        fixture.mail.deliver(fixture.account.id(), name, Messages.plain("hello"));
        try (ImapTestClient client = fixture.loggedIn()) {
            client.expectOk("SELECT " + name);
            client.expectOk("STORE 2 +FLAGS (\\Flagged)");
            assertThat(client.expectOk("SEARCH FROM bob").getFirst()).isEqualTo("* SEARCH 1");
            assertThat(client.expectOk("SEARCH FLAGGED").getFirst()).isEqualTo("* SEARCH 2");
            assertThat(client.expectOk("SEARCH OR FLAGGED HEADER Message-ID s1@").getFirst()).isEqualTo("* SEARCH 1 2");
            assertThat(client.expectOk("SEARCH SUBJECT hello").getFirst()).isEqualTo("* SEARCH");
            assertThat(client.expectOk("SEARCH SENTON 3-Jan-2024").getFirst()).isEqualTo("* SEARCH 2");
            assertThat(client.expectOk("SEARCH NOT (LARGER 500)").getFirst()).isEqualTo("* SEARCH 2");
            assertThat(client.expectOk("UID SEARCH RETURN (MIN MAX COUNT ALL) ALL").getFirst())
                    .isEqualTo("* ESEARCH (TAG \"t10\") UID MIN 1 MAX 2 COUNT 2 ALL 1:2");
            assertThat(client.expectOk("SEARCH CHARSET UTF-8 UNSEEN").getFirst()).isEqualTo("* SEARCH 1 2");
            assertThat(client.tagged("SEARCH CHARSET KOI8-R ALL")).contains("NO [BADCHARSET");
        }
    }

    @Test
    void listShowsSpecialUseChildrenAndStatus() throws Exception {
        try (ImapTestClient client = fixture.loggedIn()) {
            client.expectOk("CREATE Projects/Coffer");
            client.expectOk("CREATE Stash (USE (\\Archive))");
            List<String> list = client.expectOk("LIST \"\" *");
            assertThat(list).contains("* LIST (\\HasNoChildren) \"/\" \"INBOX\"",
                    "* LIST (\\HasNoChildren \\Sent) \"/\" \"Sent\"",
                    "* LIST (\\NonExistent \\HasChildren) \"/\" \"Projects\"",
                    "* LIST (\\HasNoChildren \\Archive) \"/\" \"Stash\"");
            assertThat(client.expectOk("LIST \"\" \"\"").getFirst()).isEqualTo("* LIST (\\Noselect) \"/\" \"\"");
            List<String> status = client.expectOk("LIST (SPECIAL-USE) \"\" * RETURN (STATUS (MESSAGES UIDNEXT SIZE))");
            assertThat(status).contains("* LIST (\\HasNoChildren \\Sent) \"/\" \"Sent\"")
                    .anyMatch(l -> l.startsWith("* STATUS \"Sent\" (MESSAGES 0 UIDNEXT 1 SIZE 0)"))
                    .noneMatch(l -> l.contains("INBOX"));
            assertThat(client.expectOk("STATUS INBOX (MESSAGES RECENT UNSEEN DELETED HIGHESTMODSEQ)").getFirst())
                    .startsWith("* STATUS \"INBOX\" (MESSAGES ");
            client.expectOk("UNSUBSCRIBE Stash");
            assertThat(client.expectOk("LSUB \"\" *")).noneMatch(l -> l.contains("Stash"));
            assertThat(client.tagged("CREATE Bad (USE (\\Nonsense))")).contains("NO [USEATTR]");
        }
    }

    @Test
    void copyAndMoveReportCopyUid() throws Exception {
        String source = mailbox("Source");
        String target = mailbox("Target");
        fixture.mail.create(fixture.account.id(), source, null);
        fixture.mail.create(fixture.account.id(), target, null);
        for (int i = 0; i < 3; i++) {
            fixture.mail.deliver(fixture.account.id(), source, Messages.plain("c" + i));
        }
        try (ImapTestClient client = fixture.loggedIn()) {
            client.expectOk("SELECT " + source);
            assertThat(client.tagged("COPY 1:2 " + target)).matches("t3 OK \\[COPYUID \\d+ 1:2 1:2\\] COPY completed");
            List<String> move = client.expectOk("UID MOVE 2:3 " + target);
            assertThat(move.getFirst()).matches("\\* OK \\[COPYUID \\d+ 2:3 3:4\\] Moved");
            assertThat(move).containsSubsequence("* 2 EXPUNGE", "* 2 EXPUNGE");
            assertThat(client.tagged("COPY 1 Nowhere")).contains("NO [TRYCREATE]");
        }
    }

    @Test
    void compressDeflateCarriesTheSession() throws Exception {
        try (ImapTestClient client = fixture.loggedIn()) {
            assertThat(client.tagged("COMPRESS DEFLATE")).isEqualTo("t2 OK DEFLATE active");
            Inflater inflater = new Inflater(true);
            client.useStreams(new InflaterInputStream(client.socket().getInputStream(), inflater),
                    new DeflaterOutputStream(client.socket().getOutputStream(), new Deflater(Deflater.DEFAULT_COMPRESSION, true), true));
            List<String> capability = client.expectOk("CAPABILITY");
            assertThat(capability.getFirst()).doesNotContain("COMPRESS=DEFLATE");
            assertThat(client.expectOk("LIST \"\" INBOX").getFirst()).isEqualTo("* LIST (\\HasNoChildren) \"/\" \"INBOX\"");
            assertThat(client.tagged("COMPRESS DEFLATE")).contains("NO [COMPRESSIONACTIVE]");
        }
    }

    @Test
    void quotaIsReportedInKibibytes() throws Exception {
        fixture.mail.setQuota(new dev.coffer.mailbox.Quota(10_000, java.util.OptionalLong.of(1024 * 1024)));
        try (ImapTestClient client = fixture.loggedIn()) {
            assertThat(client.expectOk("GETQUOTAROOT INBOX")).containsSequence("* QUOTAROOT \"INBOX\" \"\"",
                    "* QUOTA \"\" (STORAGE 10 1024)");
            assertThat(client.tagged("SETQUOTA \"\" (STORAGE 1)")).contains("NO");
        } finally {
            fixture.mail.setQuota(new dev.coffer.mailbox.Quota(0, java.util.OptionalLong.empty()));
        }
    }

    @Test
    void mailboxNamesTravelAsModifiedUtf7UntilUtf8IsEnabled() throws Exception {
        try (ImapTestClient client = fixture.loggedIn()) {
            client.expectOk("CREATE Entw&APw-rfe");
            assertThat(client.expectOk("LIST \"\" Entw*").getFirst()).isEqualTo("* LIST (\\HasNoChildren) \"/\" \"Entw&APw-rfe\"");
            client.expectOk("ENABLE UTF8=ACCEPT");
            assertThat(client.expectOk("LIST \"\" Entw*").getFirst()).isEqualTo("* LIST (\\HasNoChildren) \"/\" \"Entwürfe\"");
        }
        assertThat(fixture.mail.find(fixture.account.id(), "Entwürfe")).isPresent();
    }

    @Test
    void imap4rev2ClientsGetEsearchAndNoRecent() throws Exception {
        try (ImapTestClient client = fixture.loggedIn()) {
            assertThat(client.expectOk("ENABLE IMAP4rev2").getFirst()).isEqualTo("* ENABLED IMAP4rev2");
            List<String> select = client.expectOk("SELECT INBOX");
            assertThat(select).noneMatch(l -> l.contains("RECENT")).contains("* LIST () \"/\" \"INBOX\"");
            assertThat(client.command("SEARCH ALL").getFirst()).startsWith("* ESEARCH (TAG \"t4\")");
        }
    }

    @Test
    void renamingTheSelectedMailboxClosesIt() throws Exception {
        String name = mailbox("Old");
        try (ImapTestClient client = fixture.loggedIn()) {
            client.expectOk("CREATE " + name);
            client.expectOk("SELECT " + name);
            assertThat(client.expectOk("RENAME " + name + " " + name + "-new")).contains("* OK [CLOSED] Previous mailbox closed");
            assertThat(client.tagged("FETCH 1 FLAGS")).contains("BAD No mailbox selected");
            client.expectOk("SELECT " + name + "-new");
        }
    }

    @Test
    void answersIdNamespaceAndCloseSilently() throws Exception {
        String name = mailbox("Close");
        fixture.mail.create(fixture.account.id(), name, null);
        fixture.mail.deliver(fixture.account.id(), name, Messages.plain("gone"));
        try (ImapTestClient client = fixture.loggedIn()) {
            assertThat(client.expectOk("ID (\"name\" \"test\")").getFirst()).isEqualTo("* ID (\"name\" \"Coffer\")");
            assertThat(client.expectOk("NAMESPACE").getFirst()).isEqualTo("* NAMESPACE ((\"\" \"/\")) NIL NIL");
            assertThat(client.expectOk("CAPABILITY").getFirst()).contains("COMPRESS=DEFLATE", "APPENDLIMIT=100000")
                    .doesNotContain("AUTH=PLAIN");
            assertThat(client.expectOk("EXAMINE " + name).getLast()).contains("[READ-ONLY]");
            assertThat(client.tagged("STORE 1 +FLAGS (\\Deleted)")).contains("NO [READ-ONLY]");
            client.expectOk("UNSELECT");
            client.expectOk("SELECT " + name);
            client.expectOk("STORE 1 +FLAGS.SILENT (\\Deleted)");
            assertThat(client.expectOk("CLOSE")).hasSize(1);
            assertThat(client.expectOk("STATUS " + name + " (MESSAGES)").getFirst()).endsWith("(MESSAGES 0)");
        }
    }

    private static long number(List<String> lines, String code) {
        for (String line : lines) {
            int at = line.indexOf("[" + code + " ");
            if (at >= 0) {
                return Long.parseLong(line.substring(at + code.length() + 2, line.indexOf(']', at)));
            }
        }
        throw new AssertionError(code + " not in " + lines);
    }
}
