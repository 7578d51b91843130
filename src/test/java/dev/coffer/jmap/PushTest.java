package dev.coffer.jmap;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** RFC 8620 §7.3 EventSource: StateChange events for deliveries, types, closeafter and ping. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PushTest {

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
    void aDeliveryPushesAStateChangeAndCloseAfterStateEndsTheStream() throws Exception {
        LinkedBlockingQueue<String> written = new LinkedBlockingQueue<>();
        CompletableFuture<Void> stream = run(EventSourceStream.Options.parse("Email,Mailbox", "state", "0"), written);
        assertThat(written.poll(10, TimeUnit.SECONDS)).startsWith(":");

        fixture.deliver("INBOX", "pushed@example.net", Set.of());

        String event = written.poll(10, TimeUnit.SECONDS);
        assertThat(event).startsWith("event: state\ndata: {\"@type\":\"StateChange\",\"changed\":{\"" + fixture.accountId() + "\":{");
        assertThat(event).contains("\"Email\":\"" + fixture.call("Email/get", "{\"ids\":[]}").get("state").asText() + "\"",
                "\"Mailbox\":").doesNotContain("Thread");
        stream.get(10, TimeUnit.SECONDS);
    }

    @Test
    void typesOfOtherPackagesPushWhenTheyReportAChange() throws Exception {
        LinkedBlockingQueue<String> written = new LinkedBlockingQueue<>();
        String[] state = {"1"};
        JmapDataType vacation = new JmapDataType() {
            @Override
            public String name() {
                return "VacationResponse";
            }

            @Override
            public String state(dev.coffer.store.Account account) {
                return state[0];
            }
        };
        EventSourceStream stream = new EventSourceStream(fixture.push, java.util.List.of(vacation), Clock.systemUTC());
        CompletableFuture<Void> running = CompletableFuture.runAsync(() -> {
            try {
                stream.run(fixture.alice, EventSourceStream.Options.parse("*", "state", null), written::add);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        assertThat(written.poll(10, TimeUnit.SECONDS)).startsWith(":");

        state[0] = "2";
        fixture.push.changed(fixture.alice.id(), Set.of("VacationResponse"));

        assertThat(written.poll(5, TimeUnit.SECONDS)).contains("\"VacationResponse\":\"2\"");
        running.get(10, TimeUnit.SECONDS);
    }

    @Test
    void pingsAtTheClientsInterval() throws Exception {
        LinkedBlockingQueue<String> written = new LinkedBlockingQueue<>();
        CompletableFuture<Void> stream = run(EventSourceStream.Options.parse("Email", "no", "5"), written);
        written.poll(10, TimeUnit.SECONDS);

        assertThat(written.poll(15, TimeUnit.SECONDS)).isEqualTo("event: ping\ndata: {\"interval\":5}\n\n");
        stream.cancel(true);
    }

    private CompletableFuture<Void> run(EventSourceStream.Options options, LinkedBlockingQueue<String> written) {
        EventSourceStream stream = new EventSourceStream(fixture.push,
                java.util.List.of(dataType("Email"), dataType("Mailbox"), dataType("Thread")), Clock.systemUTC());
        Thread thread = Thread.ofVirtual().start(() -> {
            try {
                stream.run(fixture.alice, options, text -> {
                    if (Thread.currentThread().isInterrupted()) {
                        throw new java.io.IOException("closed");
                    }
                    written.add(text);
                });
            } catch (Exception e) {
                // the client went away
            }
        });
        CompletableFuture<Void> done = new CompletableFuture<>() {
            @Override
            public boolean cancel(boolean interrupt) {
                thread.interrupt();
                return super.cancel(interrupt);
            }
        };
        Thread.ofVirtual().start(() -> {
            try {
                thread.join();
                done.complete(null);
            } catch (InterruptedException e) {
                done.completeExceptionally(e);
            }
        });
        return done;
    }

    private JmapDataType dataType(String name) {
        return new JmapDataType() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public String state(dev.coffer.store.Account account) {
                try {
                    return name.equals("Mailbox")
                            ? fixture.call("Mailbox/get", "{\"ids\":[]}").get("state").asText()
                            : fixture.call("Email/get", "{\"ids\":[]}").get("state").asText();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }
        };
    }

    @Test
    void rejectsAnUnknownCloseAfter() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> EventSourceStream.Options.parse("*", "later", "0"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
