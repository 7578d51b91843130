package dev.coffer.smtp;

import dev.coffer.store.Account;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A fake {@link Submission}: an account owns its own address, {@code sales@} of its domain (an
 * alias) and their {@code +tag} sub-addresses. Records what it is given; a recipient
 * {@code busy@…} makes it fail temporarily.
 */
final class RecordingSubmission implements Submission {

    record Submitted(Account account, Envelope envelope, byte[] message) {
        String text() {
            return new String(message, StandardCharsets.UTF_8);
        }
    }

    final List<Submitted> submitted = new CopyOnWriteArrayList<>();
    private final AtomicInteger ids = new AtomicInteger();

    @Override
    public boolean ownsAddress(Account account, String address) {
        String lower = address.toLowerCase(Locale.ROOT);
        int at = lower.lastIndexOf('@');
        if (at < 0) {
            return false;
        }
        String local = lower.substring(0, at);
        int plus = local.indexOf('+');
        if (plus >= 0) {
            local = local.substring(0, plus);
        }
        String domain = lower.substring(at + 1);
        String own = account.address().toLowerCase(Locale.ROOT);
        return (local + "@" + domain).equals(own)
                || domain.equals(own.substring(own.indexOf('@') + 1)) && local.equals("sales");
    }

    @Override
    public DeliveryOutcome submit(Account account, Envelope envelope, byte[] message) {
        if (envelope.recipients().stream().anyMatch(r -> r.startsWith("busy@"))) {
            return new DeliveryOutcome.TemporaryFailure("4.4.3", "Queue unavailable");
        }
        submitted.add(new Submitted(account, envelope, message));
        return new DeliveryOutcome.Delivered("S" + ids.incrementAndGet());
    }

    Submitted last() {
        return submitted.getLast();
    }
}
