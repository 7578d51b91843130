package dev.coffer.pop3;

import static dev.coffer.pop3.Pop3Fixture.ALICE;
import static dev.coffer.pop3.Pop3Fixture.READ_SECRET;
import static dev.coffer.pop3.Pop3Fixture.SEND_SECRET;
import static org.assertj.core.api.Assertions.assertThat;

import dev.coffer.testing.Python3;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Python's poplib (a real, independent client) against both listeners. */
class Pop3PoplibInteropTest {

    private static final Pop3Limits LIMITS = new Pop3Limits(512, Duration.ofSeconds(30), 10, 50);

    private static final String FIRST = "From: bob@example.net\r\nSubject: one\r\n\r\nHello\r\n.hidden dot\r\nbye\r\n";
    private static final String SECOND = "From: carol@example.net\r\nSubject: two\r\n\r\nSecond\r\n";

    /** Shared by every script: argv is host port cafile user secret; {@code out} prints one result per line. */
    private static final String PRELUDE = """
            import poplib, ssl, sys
            host, port, cafile, user, secret = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4], sys.argv[5]
            ctx = ssl.create_default_context(cafile=cafile)
            def out(key, value):
                if isinstance(value, bytes):
                    value = value.decode()
                print(f"{key}={value}")
            def secure():
                return poplib.POP3_SSL(host, port, context=ctx, timeout=10)
            def login(secret=secret):
                pop = secure()
                pop.user(user)
                pop.pass_(secret)
                return pop
            """;

    @TempDir
    static Path directory;

    private static Pop3Fixture fixture;
    private Pop3Fixture.Servers servers;
    private long secondUid;

    @BeforeAll
    static void createStore() throws Exception {
        Assumptions.assumeTrue(Python3.available(), "python3 is not installed");
        fixture = Pop3Fixture.create(directory);
    }

    @AfterAll
    static void closeStore() {
        if (fixture != null) {
            fixture.close();
        }
    }

    @BeforeEach
    void startServers() throws Exception {
        servers = fixture.start(LIMITS);
        servers.mailboxes().deliver(fixture.alice.id(), FIRST);
        secondUid = servers.mailboxes().deliver(fixture.alice.id(), SECOND);
    }

    @AfterEach
    void stopServers() {
        servers.close();
    }

    @Test
    void poplibReadsAndDeletesOverPop3s() throws Exception {
        List<String> results = python(servers.pop3s().port(), READ_SECRET, """
                pop = login()
                out("stat", str(pop.stat()))
                resp, listing, _ = pop.list()
                out("list", b" ".join(listing))
                resp, uids, _ = pop.uidl()
                out("uidl", b" ".join(uids))
                resp, lines, octets = pop.retr(1)
                out("retr", b"|".join(lines))
                out("octets", str(octets))
                resp, lines, _ = pop.top(1, 0)
                out("top", b"|".join(lines))
                out("dele", pop.dele(1))
                out("quit", pop.quit())
                pop = login()
                out("after", str(pop.stat()))
                out("uidl-after", b" ".join(pop.uidl()[1]))
                pop.quit()
                """);
        long uidValidity = InMemoryMailboxes.UID_VALIDITY;
        assertThat(results).containsExactly(
                "stat=(2, " + (FIRST.length() + SECOND.length()) + ")",
                "list=1 " + FIRST.length() + " 2 " + SECOND.length(),
                "uidl=1 " + uidValidity + ".1 2 " + uidValidity + ".2",
                // poplib undoes the byte-stuffing
                "retr=From: bob@example.net|Subject: one||Hello|.hidden dot|bye",
                // poplib counts the octets after undoing the stuffing: the stored size
                "octets=" + FIRST.length(),
                "top=From: bob@example.net|Subject: one|",
                "dele=+OK Message 1 deleted",
                "quit=+OK pop.coffer.test POP3 server signing off (1 messages left)",
                "after=(1, " + SECOND.length() + ")",
                "uidl-after=1 " + uidValidity + "." + secondUid);
    }

    @Test
    void poplibUpgradesThePlainPortWithStls() throws Exception {
        List<String> results = python(servers.pop3().port(), READ_SECRET, """
                pop = poplib.POP3(host, port, timeout=10)
                out("capa-before", " ".join(sorted(pop.capa())))
                try:
                    pop.user(user)
                except poplib.error_proto as e:
                    out("user-in-clear", e.args[0])
                out("stls", pop.stls(context=ctx))
                out("capa-after", " ".join(sorted(pop.capa())))
                pop.user(user)
                pop.pass_(secret)
                out("stat", str(pop.stat()))
                pop.quit()
                """);
        assertThat(results).containsExactly(
                "capa-before=AUTH-RESP-CODE EXPIRE LOGIN-DELAY PIPELINING RESP-CODES STLS TOP UIDL",
                "user-in-clear=-ERR [SYS/PERM] Logins are not accepted before TLS; send STLS first or use the POP3S port",
                "stls=+OK Begin TLS negotiation",
                "capa-after=AUTH-RESP-CODE EXPIRE LOGIN-DELAY PIPELINING RESP-CODES SASL TOP UIDL USER",
                "stat=(2, " + (FIRST.length() + SECOND.length()) + ")");
    }

    @Test
    void aConnectionDroppedAfterDeleDeletesNothing() throws Exception {
        List<String> results = python(servers.pop3s().port(), READ_SECRET, """
                pop = login()
                pop.dele(1)
                pop.dele(2)
                pop.sock.close()
                pop = login()
                out("stat", str(pop.stat()))
                pop.quit()
                """);
        assertThat(results).containsExactly("stat=(2, " + (FIRST.length() + SECOND.length()) + ")");
    }

    @Test
    void poplibIsRefusedAWrongPasswordAndASendOnlyAppPassword() throws Exception {
        List<String> results = python(servers.pop3s().port(), READ_SECRET, """
                for name, wrong in (("wrong", "not-the-secret"), ("send-only", sys.argv[6])):
                    try:
                        login(wrong)
                        out(name, "logged in")
                    except poplib.error_proto as e:
                        out(name, e.args[0])
                """, SEND_SECRET);
        String refused = "-ERR [AUTH] Invalid credentials. Use an app password"
                + " (create one with 'coffer user app-password add'); the account password is not accepted here.";
        assertThat(results).containsExactly("wrong=" + refused, "send-only=" + refused);
    }

    private List<String> python(int port, String secret, String script, String... extra) throws Exception {
        String[] arguments = Stream.concat(Stream.of("127.0.0.1", Integer.toString(port), fixture.caPem.toString(),
                ALICE, secret), Stream.of(extra)).toArray(String[]::new);
        return Python3.run(PRELUDE + script, arguments).lines().toList();
    }
}
