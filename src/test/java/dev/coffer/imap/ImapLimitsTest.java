package dev.coffer.imap;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Limits that protect the server: autologout, stalled readers, connections per address, repeated errors. */
class ImapLimitsTest {

    static final ImapLimits LIMITS = new ImapLimits(8 * 1024, 8 * 1024, 5, Duration.ofMillis(1500), 3, 8 * 1024,
            Duration.ofSeconds(1));

    @TempDir
    static Path directory;

    static ImapFixture fixture;

    @BeforeAll
    static void start() throws Exception {
        fixture = ImapFixture.start(directory, LIMITS, 10_000_000);
    }

    @AfterAll
    static void stop() throws Exception {
        fixture.close();
    }

    @Test
    void silentClientIsLoggedOut() throws Exception {
        try (ImapTestClient client = fixture.loggedIn()) {
            Thread.sleep(2_000);
            assertThat(client.readLine()).isEqualTo("* BYE Autologout; idle for too long");
        }
    }

    @Test
    void idlingClientIsLoggedOutToo() throws Exception {
        try (ImapTestClient client = fixture.loggedIn()) {
            client.expectOk("SELECT INBOX");
            client.send("i IDLE\r\n");
            assertThat(client.readLine()).isEqualTo("+ idling");
            assertThat(client.readLine()).isEqualTo("* BYE Autologout; idle for too long");
        }
    }

    @Test
    void clientThatStopsReadingIsDropped() throws Exception {
        String name = "Big" + System.nanoTime();
        fixture.mail.create(fixture.account.id(), name, null);
        fixture.mail.deliver(fixture.account.id(), name, Messages.plain("big") + "x".repeat(200_000) + "\r\n");
        try (ImapTestClient client = fixture.loggedIn()) {
            client.expectOk("SELECT " + name);
            StringBuilder burst = new StringBuilder();
            for (int i = 0; i < 200; i++) {
                burst.append("f").append(i).append(" FETCH 1 BODY.PEEK[]\r\n");
            }
            client.send(burst.toString());
            Thread.sleep(4_000);
            // the server gave up on us: what it had sent is readable, then the connection ends
            client.socket().setSoTimeout(5_000);
            InputStream in = client.rawIn();
            byte[] buffer = new byte[65536];
            long total = 0;
            try {
                int n;
                while ((n = in.read(buffer)) > 0) {
                    total += n;
                }
            } catch (SocketTimeoutException e) {
                throw new AssertionError("the server still holds the session after " + total + " octets", e);
            } catch (SocketException | EOFException e) {
                // reset: also dropped
            }
            assertThat(total).isLessThan(200L * 200_000);
        }
        try (ImapTestClient client = fixture.loggedIn()) {
            client.expectOk("NOOP");
        }
    }

    @Test
    void repeatedErrorsEndTheSession() throws Exception {
        try (ImapTestClient client = fixture.loggedIn()) {
            client.send("a FROB\r\nb FROB\r\nc FROB\r\n");
            assertThat(client.readLine()).startsWith("a BAD");
            assertThat(client.readLine()).startsWith("b BAD");
            assertThat(client.readLine()).startsWith("c BAD");
            assertThat(client.readLine()).isEqualTo("* BYE Too many invalid commands");
        }
    }

    @Test
    void tooManyConnectionsFromOneAddressAreRefused() throws Exception {
        List<ImapTestClient> clients = new ArrayList<>();
        try {
            boolean refused = false;
            for (int i = 0; i < 8 && !refused; i++) {
                try {
                    ImapTestClient client = fixture.connectImplicit();
                    clients.add(client);
                    refused = client.greeting.equals("* BYE Too many connections from your address, try again later");
                } catch (IOException e) {
                    throw new AssertionError("connection " + i + " failed", e);
                }
            }
            assertThat(refused).isTrue();
            assertThat(clients.size()).isLessThanOrEqualTo(LIMITS.maxConnectionsPerIp() + 1);
        } finally {
            for (ImapTestClient client : clients) {
                client.close();
            }
            Thread.sleep(300); // let the server see the closes before other tests connect
        }
    }
}
