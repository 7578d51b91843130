package dev.coffer.filter;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scans the message for viruses with clamd's INSTREAM command (clamd(8)): the message goes in
 * chunks, each after its length as 4 bytes in network order, then a zero length; clamd answers
 * {@code stream: OK}, {@code stream: <name> FOUND} or {@code ... ERROR}.
 *
 * <p>A virus refuses the message with 554 5.7.1. When clamd is down or answers an error, mail
 * is tempfailed if clamd is required and delivered (with a log line) if not. A message larger
 * than clamd's StreamMaxLength can never be scanned, so retrying would not help: it is refused
 * with 552 5.3.4 if clamd is required and delivered unscanned (with a log line) if not.
 *
 * <p>clamd spools each stream to its TemporaryDirectory while it scans; for zero access that
 * directory belongs on a tmpfs (Coffer itself writes nothing to disk here).
 */
public final class ClamdFilter implements MessageFilter {

    public static final Duration TIMEOUT = Duration.ofSeconds(30);
    static final int CHUNK_SIZE = 64 * 1024;
    private static final int MAX_REPLY_BYTES = 4096;
    private static final Logger log = LoggerFactory.getLogger(ClamdFilter.class);
    /** Closes connections whose deadline passed; a blocking channel has no read timeout of its own. */
    private static final ScheduledExecutorService DEADLINES = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("clamd-deadline").factory());

    private final ClamdAddress address;
    private final boolean required;
    private final Duration timeout;

    public ClamdFilter(ClamdAddress address, boolean required) {
        this(address, required, TIMEOUT);
    }

    ClamdFilter(ClamdAddress address, boolean required, Duration timeout) {
        this.address = address;
        this.required = required;
        this.timeout = timeout;
    }

    @Override
    public FilterVerdict check(FilterInput input) {
        String reply;
        try {
            reply = scan(input.message());
        } catch (IOException e) {
            return unavailable("unreachable");
        }
        return verdict(reply);
    }

    private FilterVerdict verdict(String reply) {
        String result = reply.startsWith("stream: ") ? reply.substring("stream: ".length()) : reply;
        if (result.equals("OK")) {
            return new FilterVerdict.Accept(0, List.of());
        }
        if (result.endsWith(" FOUND")) {
            String name = result.substring(0, result.length() - " FOUND".length()).strip();
            log.info("event=virus_found filter=clamd signature={}", name);
            return new FilterVerdict.Reject(554, "5.7.1", "Virus found: " + name);
        }
        if (result.contains("size limit exceeded")) {
            return tooLarge();
        }
        return unavailable(result.isEmpty() ? "no-reply" : "error");
    }

    /** Sends the message; returns clamd's reply without the terminating NUL. */
    private String scan(byte[] message) throws IOException {
        try (SocketChannel channel = SocketChannel.open(address.family())) {
            ScheduledFuture<?> deadline = DEADLINES.schedule(() -> closeQuietly(channel), timeout.toMillis(),
                    TimeUnit.MILLISECONDS);
            try {
                channel.connect(address.address());
                try {
                    send(channel, message);
                } catch (IOException e) {
                    // clamd closes the connection after "INSTREAM size limit exceeded"; its reply is waiting
                    String reply = readReply(channel);
                    if (reply.isEmpty()) {
                        throw e;
                    }
                    return reply;
                }
                return readReply(channel);
            } finally {
                deadline.cancel(false);
            }
        }
    }

    private static void send(SocketChannel channel, byte[] message) throws IOException {
        // clamd(8): "z" prefix means NUL-terminated command and reply
        writeFully(channel, ByteBuffer.wrap("zINSTREAM\0".getBytes(StandardCharsets.US_ASCII)));
        for (int offset = 0; offset < message.length; offset += CHUNK_SIZE) {
            int length = Math.min(CHUNK_SIZE, message.length - offset);
            writeFully(channel, ByteBuffer.allocate(4).putInt(0, length));
            writeFully(channel, ByteBuffer.wrap(message, offset, length));
        }
        writeFully(channel, ByteBuffer.allocate(4).putInt(0, 0));
    }

    private static void writeFully(SocketChannel channel, ByteBuffer buffer) throws IOException {
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
    }

    private static String readReply(SocketChannel channel) throws IOException {
        ByteArrayOutputStream reply = new ByteArrayOutputStream();
        ByteBuffer buffer = ByteBuffer.allocate(512);
        while (reply.size() < MAX_REPLY_BYTES) {
            buffer.clear();
            int read;
            try {
                read = channel.read(buffer);
            } catch (IOException e) {
                break;
            }
            if (read < 0) {
                break;
            }
            for (int i = 0; i < read; i++) {
                byte b = buffer.get(i);
                if (b == 0) {
                    return reply.toString(StandardCharsets.UTF_8).strip();
                }
                reply.write(b);
            }
        }
        return reply.toString(StandardCharsets.UTF_8).strip();
    }

    private static void closeQuietly(SocketChannel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            log.debug("event=clamd_close_failed reason={}", e.getMessage());
        }
    }

    private FilterVerdict unavailable(String reason) {
        if (required) {
            log.warn("event=filter_unavailable filter=clamd reason={} result=tempfail", reason);
            return new FilterVerdict.TempFail("4.7.1", "Virus scanner unavailable, try again later");
        }
        log.warn("event=filter_unavailable filter=clamd reason={} result=delivered-unscanned", reason);
        return new FilterVerdict.Accept(0, List.of("clamd unavailable: " + reason));
    }

    private FilterVerdict tooLarge() {
        if (required) {
            log.info("event=virus_scan_impossible filter=clamd reason=stream-max-length result=refused");
            return new FilterVerdict.Reject(552, "5.3.4", "Message too large to be scanned for viruses");
        }
        log.warn("event=virus_scan_impossible filter=clamd reason=stream-max-length result=delivered-unscanned");
        return new FilterVerdict.Accept(0, List.of("too large for clamd"));
    }
}
