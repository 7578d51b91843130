package dev.coffer.jmap.submission;

import dev.coffer.smtp.DeliveryOutcome;
import dev.coffer.smtp.Envelope;
import dev.coffer.smtp.InboundMail;
import dev.coffer.smtp.RecipientCheck;
import dev.coffer.smtp.SmtpLimits;
import dev.coffer.smtp.SmtpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** The MX of remote.example: an SMTP server on a loopback port that keeps what arrives; later@ gets 451. */
final class SmtpSink implements AutoCloseable {

    record Received(Envelope envelope, byte[] message) {
        String text() {
            return new String(message, StandardCharsets.UTF_8);
        }
    }

    final List<Received> received = new CopyOnWriteArrayList<>();
    private final SmtpServer server;

    SmtpSink() throws IOException {
        server = new SmtpServer("mx.remote.example", new InboundMail() {
            @Override
            public RecipientCheck checkRecipient(String address) {
                return address.startsWith("later@") ? new RecipientCheck.TemporaryFailure("mailbox busy, try later")
                        : new RecipientCheck.Accepted();
            }

            @Override
            public DeliveryOutcome deliver(Envelope envelope, InetAddress client, byte[] message) {
                received.add(new Received(envelope, message));
                return new DeliveryOutcome.Delivered("S" + received.size());
            }
        }, null, new SmtpLimits(10_000_000, 100, 50, Duration.ofSeconds(10), 10), false);
        server.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    }

    int port() {
        return server.port();
    }

    @Override
    public void close() {
        server.close();
    }
}
