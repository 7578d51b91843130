package dev.coffer.managesieve;

import static dev.coffer.managesieve.ManageSieveTestClient.literal;
import static dev.coffer.managesieve.ManageSieveTestClient.plain;
import static dev.coffer.managesieve.ManageSieveTestClient.status;
import static org.assertj.core.api.Assertions.assertThat;

import dev.coffer.filter.sieve.SieveLimits;
import dev.coffer.filter.sieve.SieveScripts;
import dev.coffer.testing.AccountFixture;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ManageSieve (RFC 5804) over a real socket against a real store. */
class ManageSieveSessionTest {

    private static final String READ_SECRET = "read-secret-abcd-efgh-ijkl";
    private static final String SEND_SECRET = "send-secret-mnop-qrst-uvwx";

    @TempDir
    Path directory;

    private AccountFixture fixture;
    private ManageSieveServer server;
    private SSLContext trust;

    @BeforeEach
    void start() throws Exception {
        fixture = AccountFixture.create(directory, READ_SECRET, SEND_SECRET);
        SieveScripts scripts = new SieveScripts(fixture.store(), new SieveLimits(1024, 3, 5, 10, 64), Clock.systemUTC());
        server = new ManageSieveServer("sieve.coffer.test", scripts, fixture.freshLogin(), fixture.tls(),
                new ManageSieveLimits(8192, 4096, Duration.ofSeconds(30), 6, 10), false);
        server.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        trust = fixture.clientContext();
    }

    @AfterEach
    void stop() {
        server.close();
        fixture.close();
    }

    private ManageSieveTestClient connect() throws Exception {
        ManageSieveTestClient client = new ManageSieveTestClient(server.port());
        client.response();
        return client;
    }

    private ManageSieveTestClient loggedIn() throws Exception {
        ManageSieveTestClient client = connect();
        client.startTls(trust);
        assertThat(status(client.command("AUTHENTICATE \"PLAIN\" \"" + plain(AccountFixture.ALICE, READ_SECRET) + "\"")))
                .startsWith("OK");
        return client;
    }

    @Test
    void greetingListsCapabilitiesAndOffersStartTlsButNoLoginInClear() throws Exception {
        try (ManageSieveTestClient client = new ManageSieveTestClient(server.port())) {
            List<String> greeting = client.response();
            assertThat(greeting).contains("\"IMPLEMENTATION\" \"Coffer\"", "\"STARTTLS\"", "\"SASL\" \"\"",
                    "\"VERSION\" \"1.0\"", "\"MAXREDIRECTS\" \"5\"");
            assertThat(greeting).anyMatch(line -> line.startsWith("\"SIEVE\" \"fileinto reject envelope vacation subaddress imap4flags"));
            assertThat(status(greeting)).startsWith("OK");
        }
    }

    @Test
    void afterStartTlsTheCapabilitiesOfferPlainAndNoStartTls() throws Exception {
        try (ManageSieveTestClient client = connect()) {
            List<String> capabilities = client.startTls(trust);
            assertThat(capabilities).contains("\"SASL\" \"PLAIN\"").doesNotContain("\"STARTTLS\"");
            assertThat(status(capabilities)).startsWith("OK");
        }
    }

    @Test
    void authenticateInClearIsRefused() throws Exception {
        try (ManageSieveTestClient client = connect()) {
            assertThat(status(client.command("AUTHENTICATE \"PLAIN\" \"" + plain(AccountFixture.ALICE, READ_SECRET) + "\"")))
                    .startsWith("NO (ENCRYPT-NEEDED)");
        }
    }

    @Test
    void authenticatesWithAContinuation() throws Exception {
        try (ManageSieveTestClient client = connect()) {
            client.startTls(trust);
            client.send("AUTHENTICATE \"PLAIN\"\r\n");
            assertThat(client.line()).isEqualTo("\"\"");
            assertThat(status(client.command("\"" + plain(AccountFixture.ALICE, READ_SECRET) + "\""))).startsWith("OK");
            assertThat(status(client.command("LISTSCRIPTS"))).startsWith("OK");
        }
    }

    @Test
    void authenticatesWithALiteralInitialResponse() throws Exception {
        try (ManageSieveTestClient client = connect()) {
            client.startTls(trust);
            assertThat(status(client.command("AUTHENTICATE \"PLAIN\" " + literal(plain(AccountFixture.ALICE, READ_SECRET)))))
                    .startsWith("OK");
        }
    }

    @Test
    void refusesWrongPasswordsAndSendOnlyAppPasswords() throws Exception {
        try (ManageSieveTestClient client = connect()) {
            client.startTls(trust);
            assertThat(status(client.command("AUTHENTICATE \"PLAIN\" \"" + plain(AccountFixture.ALICE, "wrong") + "\"")))
                    .startsWith("NO");
            assertThat(status(client.command("AUTHENTICATE \"PLAIN\" \"" + plain(AccountFixture.ALICE, SEND_SECRET) + "\"")))
                    .startsWith("NO");
        }
    }

    @Test
    void capabilitiesNameTheOwnerOnceAuthenticated() throws Exception {
        try (ManageSieveTestClient client = loggedIn()) {
            assertThat(client.command("CAPABILITY")).contains("\"OWNER\" \"" + AccountFixture.ALICE + "\"");
        }
    }

    @Test
    void scriptCommandsNeedAuthentication() throws Exception {
        try (ManageSieveTestClient client = connect()) {
            assertThat(status(client.command("LISTSCRIPTS"))).isEqualTo("NO \"Authenticate first\"");
        }
    }

    @Test
    void putListActivateAndGetAScript() throws Exception {
        String script = "require \"fileinto\";\r\nfileinto \"Lists\";\r\n";
        try (ManageSieveTestClient client = loggedIn()) {
            assertThat(status(client.command("PUTSCRIPT \"lists\" " + literal(script)))).startsWith("OK");
            assertThat(status(client.command("SETACTIVE \"lists\""))).startsWith("OK");
            assertThat(client.command("LISTSCRIPTS")).startsWith("\"lists\" ACTIVE");
            List<String> got = client.command("GETSCRIPT \"lists\"");
            assertThat(got.get(0)).isEqualTo("{" + script.length() + "}");
            assertThat(got.get(1)).isEqualTo(script);
        }
        assertThat(fixture.store().sieveScripts().active(fixture.alice().id())).isPresent();
    }

    @Test
    void synchronizingLiteralsAreAcceptedToo() throws Exception {
        try (ManageSieveTestClient client = loggedIn()) {
            assertThat(status(client.command("PUTSCRIPT \"a\" {5}\r\nkeep;"))).startsWith("OK");
        }
    }

    @Test
    void scriptsThatDoNotCompileAreRefusedWithTheLine() throws Exception {
        try (ManageSieveTestClient client = loggedIn()) {
            assertThat(status(client.command("PUTSCRIPT \"bad\" " + literal("keep;\r\nfrobnicate;\r\n"))))
                    .isEqualTo("NO \"line 2: unknown command 'frobnicate'\"");
            assertThat(status(client.command("CHECKSCRIPT " + literal("fileinto \"x\";"))))
                    .isEqualTo("NO \"line 1: fileinto needs require \\\"fileinto\\\"\"");
            assertThat(status(client.command("CHECKSCRIPT " + literal("keep;")))).startsWith("OK");
            assertThat(client.command("LISTSCRIPTS")).hasSize(1);
        }
    }

    @Test
    void responseCodesNameTheProblem() throws Exception {
        try (ManageSieveTestClient client = loggedIn()) {
            assertThat(status(client.command("GETSCRIPT \"missing\""))).startsWith("NO (NONEXISTENT)");
            assertThat(status(client.command("SETACTIVE \"missing\""))).startsWith("NO (NONEXISTENT)");
            client.command("PUTSCRIPT \"a\" \"keep;\"");
            client.command("PUTSCRIPT \"b\" \"keep;\"");
            client.command("SETACTIVE \"a\"");
            assertThat(status(client.command("DELETESCRIPT \"a\""))).startsWith("NO (ACTIVE)");
            assertThat(status(client.command("RENAMESCRIPT \"b\" \"a\""))).startsWith("NO (ALREADYEXISTS)");
            assertThat(status(client.command("RENAMESCRIPT \"b\" \"c\""))).startsWith("OK");
            assertThat(status(client.command("DELETESCRIPT \"c\""))).startsWith("OK");
        }
    }

    @Test
    void quotasAreEnforcedAndAnnouncedByHavespace() throws Exception {
        try (ManageSieveTestClient client = loggedIn()) {
            assertThat(status(client.command("HAVESPACE \"x\" 100"))).startsWith("OK");
            assertThat(status(client.command("HAVESPACE \"x\" 5000"))).startsWith("NO (QUOTA/MAXSIZE)");
            assertThat(status(client.command("PUTSCRIPT \"big\" " + literal("#" + "x".repeat(2000))))).startsWith("NO (QUOTA/MAXSIZE)");
            for (String name : List.of("a", "b", "c")) {
                assertThat(status(client.command("PUTSCRIPT \"" + name + "\" \"keep;\""))).startsWith("OK");
            }
            assertThat(status(client.command("HAVESPACE \"d\" 10"))).startsWith("NO (QUOTA/MAXSCRIPTS)");
            assertThat(status(client.command("PUTSCRIPT \"d\" \"keep;\""))).startsWith("NO (QUOTA/MAXSCRIPTS)");
        }
    }

    @Test
    void noopEchoesItsTag() throws Exception {
        try (ManageSieveTestClient client = connect()) {
            assertThat(status(client.command("NOOP \"STARTTLS-SYNC-42\""))).isEqualTo("OK (TAG \"STARTTLS-SYNC-42\") \"Done\"");
        }
    }

    @Test
    void unauthenticateReturnsToTheStartState() throws Exception {
        try (ManageSieveTestClient client = loggedIn()) {
            assertThat(status(client.command("UNAUTHENTICATE"))).startsWith("OK");
            assertThat(status(client.command("LISTSCRIPTS"))).startsWith("NO");
        }
    }

    @Test
    void malformedCommandsGetNoAndTooManyEndWithBye() throws Exception {
        try (ManageSieveTestClient client = connect()) {
            assertThat(status(client.command("\"quoted\""))).startsWith("NO");
            assertThat(status(client.command("PUTSCRIPT \"unclosed"))).startsWith("NO");
            assertThat(status(client.command("FROB"))).isEqualTo("NO \"Unknown command FROB\"");
            client.command("FROB");
            client.command("FROB");
            assertThat(status(client.command("FROB"))).startsWith("NO");
            assertThat(client.line()).isEqualTo("BYE \"Too many errors\"");
            assertThat(client.closedByServer()).isTrue();
        }
    }

    @Test
    void aLiteralOverTheLimitEndsTheSession() throws Exception {
        try (ManageSieveTestClient client = loggedIn()) {
            assertThat(status(client.command("PUTSCRIPT \"x\" {999999+}"))).startsWith("BYE");
            assertThat(client.closedByServer()).isTrue();
        }
    }

    @Test
    void logoutSaysOkAndCloses() throws Exception {
        try (ManageSieveTestClient client = connect()) {
            assertThat(status(client.command("LOGOUT"))).startsWith("OK");
            assertThat(client.closedByServer()).isTrue();
        }
    }
}
