package dev.coffer.jmap;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.coffer.store.Account;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One EventSource push connection (RFC 8620 §7.3): {@code state} events carrying StateChange
 * objects (§7.1) whenever a state the client asked for moves, {@code ping} events at the
 * client's interval, and the end after the first change with {@code closeafter=state}.
 */
public final class EventSourceStream {

    /** Where the events go; an IOException means the client is gone. */
    public interface Sink {
        void write(String text) throws IOException;
    }

    /**
     * The query parameters of §7.3.
     *
     * @param types       the type names to report, or empty for all ({@code *})
     * @param pingSeconds the ping interval, 0 for none
     */
    public record Options(Set<String> types, boolean closeAfterState, int pingSeconds) {

        /** §7.3: the server may raise a ping interval below this to it. */
        static final int MIN_PING_SECONDS = 5;

        /** Reads {@code types}, {@code closeafter} and {@code ping}; throws with a message for the client. */
        public static Options parse(String types, String closeAfter, String ping) {
            Set<String> chosen = types == null || types.isBlank() || types.equals("*")
                    ? Set.of() : Set.of(types.split(","));
            boolean close = switch (closeAfter == null ? "no" : closeAfter) {
                case "state" -> true;
                case "no" -> false;
                default -> throw new IllegalArgumentException("closeafter must be state or no");
            };
            int seconds;
            try {
                seconds = ping == null || ping.isEmpty() ? 0 : Integer.parseInt(ping);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("ping must be a number of seconds");
            }
            if (seconds < 0) {
                throw new IllegalArgumentException("ping must not be negative");
            }
            return new Options(chosen, close, seconds == 0 ? 0 : Math.max(seconds, MIN_PING_SECONDS));
        }
    }

    /** Without a client ping, a comment line this often keeps idle connections from timing out. */
    private static final Duration KEEPALIVE = Duration.ofSeconds(20);
    /** How often states are recomputed without a signal (changes no event announces, like an IMAP CREATE). */
    private static final Duration POLL = Duration.ofSeconds(10);

    private final PushHub hub;
    private final List<JmapDataType> dataTypes;
    private final Clock clock;

    public EventSourceStream(PushHub hub, List<JmapDataType> dataTypes, Clock clock) {
        this.hub = hub;
        this.dataTypes = List.copyOf(dataTypes);
        this.clock = clock;
    }

    /** Runs until the client goes, or after the first change with closeafter=state. */
    public void run(Account account, Options options, Sink sink) throws IOException, InterruptedException {
        Duration idle = options.pingSeconds() > 0 ? Duration.ofSeconds(options.pingSeconds()) : KEEPALIVE;
        watch(account, options.types(), idle, options.closeAfterState(), () -> sink.write(": coffer push\n\n"),
                change -> sink.write("event: state\ndata: " + change + "\n\n"),
                () -> sink.write(options.pingSeconds() > 0
                        ? "event: ping\ndata: {\"interval\":" + options.pingSeconds() + "}\n\n" : ": keepalive\n\n"));
    }

    /**
     * Tells {@code changes} a StateChange (RFC 8620 §7.1, as JSON) whenever a state of these
     * types (empty: all) moves, and {@code idle} after {@code idleAfter} without one; runs until a
     * sink fails, the thread is interrupted, or after the first change with {@code once}.
     * {@code ready} runs once the channel listens and the starting states are known.
     */
    void watch(Account account, Set<String> types, Duration idleAfter, boolean once, Idle ready, Sink changes,
               Idle idle) throws IOException, InterruptedException {
        try (PushHub.Channel channel = hub.open(account.id())) {
            Map<String, String> sent = states(account, types);
            ready.run();
            Instant lastWrite = clock.instant();
            while (!Thread.currentThread().isInterrupted()) {
                Duration untilIdle = Duration.between(clock.instant(), lastWrite.plus(idleAfter));
                channel.await(untilIdle.isNegative() ? Duration.ZERO : min(untilIdle, POLL));
                Map<String, String> now = states(account, types);
                Map<String, String> changed = new LinkedHashMap<>();
                now.forEach((type, state) -> {
                    if (!state.equals(sent.get(type))) {
                        changed.put(type, state);
                    }
                });
                if (!changed.isEmpty()) {
                    changes.write(stateChange(account, changed));
                    sent.putAll(changed);
                    lastWrite = clock.instant();
                    if (once) {
                        return;
                    }
                } else if (!clock.instant().isBefore(lastWrite.plus(idleAfter))) {
                    idle.run();
                    lastWrite = clock.instant();
                }
            }
        }
    }

    /** Something to do at a point of the stream (ready, idle). */
    interface Idle {
        void run() throws IOException;
    }

    private Map<String, String> states(Account account, Set<String> types) {
        Map<String, String> states = new LinkedHashMap<>();
        for (JmapDataType type : dataTypes) {
            if (types.isEmpty() || types.contains(type.name())) {
                states.put(type.name(), type.state(account));
            }
        }
        return states;
    }

    /** RFC 8620 §7.1: {@code {"@type": "StateChange", "changed": {accountId: {type: state}}}}. */
    static String stateChange(Account account, Map<String, String> changed) {
        ObjectNode change = JsonNodeFactory.instance.objectNode().put("@type", "StateChange");
        ObjectNode types = change.putObject("changed").putObject(JmapDispatcher.accountId(account));
        changed.forEach(types::put);
        return change.toString();
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
