package dev.coffer.queue;

import dev.coffer.crypto.ServerTls;
import dev.coffer.smtp.DeliveryOutcome;
import dev.coffer.smtp.Envelope;
import dev.coffer.smtp.InboundMail;
import dev.coffer.smtp.RecipientCheck;
import dev.coffer.smtp.SmtpLimits;
import dev.coffer.smtp.SmtpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A receiving MTA: Coffer's own {@link SmtpServer} on a loopback port, with a fake
 * {@link InboundMail} that accepts everyone except {@code unknown@} (550) and
 * {@code later@} (451), and records what arrives.
 */
final class Peer implements AutoCloseable {

    record Received(Envelope envelope, byte[] message) {
        String text() {
            return new String(message, StandardCharsets.UTF_8);
        }
    }

    final List<Received> received = new CopyOnWriteArrayList<>();
    private final SmtpServer server;

    private Peer(ServerTls tls) throws IOException {
        InboundMail mail = new InboundMail() {
            @Override
            public RecipientCheck checkRecipient(String address) {
                return switch (address.substring(0, address.indexOf('@'))) {
                    case "unknown" -> new RecipientCheck.UnknownUser();
                    case "later" -> new RecipientCheck.TemporaryFailure("try later");
                    default -> new RecipientCheck.Accepted();
                };
            }

            @Override
            public DeliveryOutcome deliver(Envelope envelope, java.net.InetAddress client, byte[] message) {
                received.add(new Received(envelope, message));
                return new DeliveryOutcome.Delivered("P" + received.size());
            }
        };
        server = new SmtpServer("mx.peer.test", mail, tls,
                new SmtpLimits(1_000_000, 100, 50, Duration.ofSeconds(10), 10), false);
        server.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    }

    /** A peer that offers STARTTLS with this certificate. */
    static Peer withTls(ServerTls tls) throws IOException {
        return new Peer(tls);
    }

    /** A peer that does not offer STARTTLS. */
    static Peer plain() throws IOException {
        return new Peer(null);
    }

    int port() {
        return server.port();
    }

    /** A loopback port nothing listens on. */
    static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() {
        server.close();
    }
}
