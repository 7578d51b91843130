package dev.coffer.smtp;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A fake {@link InboundMail} that hosts {@code coffer.test}: {@code unknown@} is no user,
 * {@code busy@} fails temporarily, {@code crash@} makes delivery throw; everything else
 * there is accepted and recorded. Other domains are not hosted.
 */
final class RecordingMail implements InboundMail {

    record Delivery(Envelope envelope, byte[] message) {
        String text() {
            return new String(message, java.nio.charset.StandardCharsets.UTF_8);
        }

        /** The message without the Received header the server prepended. */
        String body() {
            String text = text();
            // the header ends at the first line end not followed by a folded continuation
            int position = 0;
            while (true) {
                int end = text.indexOf("\r\n", position);
                if (end + 2 < text.length() && text.charAt(end + 2) == '\t') {
                    position = end + 2;
                } else {
                    return text.substring(end + 2);
                }
            }
        }
    }

    final List<Delivery> deliveries = new CopyOnWriteArrayList<>();
    private final AtomicInteger queueIds = new AtomicInteger();

    @Override
    public RecipientCheck checkRecipient(String address) {
        if (!address.endsWith("@coffer.test")) {
            return new RecipientCheck.RelayDenied();
        }
        return switch (address.substring(0, address.indexOf('@'))) {
            case "unknown" -> new RecipientCheck.UnknownUser();
            case "busy" -> new RecipientCheck.TemporaryFailure("Directory unavailable");
            default -> new RecipientCheck.Accepted();
        };
    }

    @Override
    public DeliveryOutcome deliver(Envelope envelope, java.net.InetAddress client, byte[] message) {
        if (envelope.recipients().contains("crash@coffer.test")) {
            throw new IllegalStateException("store is on fire");
        }
        deliveries.add(new Delivery(envelope, message));
        return new DeliveryOutcome.Delivered("Q" + queueIds.incrementAndGet());
    }

    Delivery last() {
        return deliveries.getLast();
    }
}
