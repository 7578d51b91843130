package dev.coffer.delivery;

import dev.coffer.filter.sieve.SieveAction;
import dev.coffer.filter.sieve.SieveEvaluator;
import dev.coffer.filter.sieve.SieveInput;
import dev.coffer.store.Account;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs each recipient's Sieve script and turns its actions into placements (which mailbox,
 * which flags) and into mail sent on: redirects, vacation replies, refusal notices. A message
 * that comes back to an address that redirected it before is kept instead of sent round again.
 */
final class ApplySieve implements DeliveryStage {

    private static final Logger LOG = LoggerFactory.getLogger(ApplySieve.class);

    private final SieveEvaluator sieve;
    private final OutboundMail outbound;

    ApplySieve(SieveEvaluator sieve, OutboundMail outbound) {
        this.sieve = sieve;
        this.outbound = outbound;
    }

    @Override
    public void process(DeliveryJob job) throws DeliveryException {
        List<DeliveryJob.Placement> placements = new ArrayList<>();
        Map<String, String> refusals = new TreeMap<>();
        for (Account account : job.accounts()) {
            String reachedThrough = job.reachedThrough(account);
            SieveInput input = new SieveInput(job.reversePath(), reachedThrough, job.message(), job.junk());
            for (SieveAction action : sieve.evaluate(account, input)) {
                switch (action) {
                    case SieveAction.Keep keep ->
                            placements.add(new DeliveryJob.Placement(account, job.defaultMailbox(), keep.flags(), false));
                    case SieveAction.FileInto into ->
                            placements.add(new DeliveryJob.Placement(account, into.mailbox(), into.flags(), into.create()));
                    case SieveAction.Discard discard -> { }
                    case SieveAction.Reject reject -> refusals.put(reachedThrough, reject.reason());
                    case SieveAction.Redirect redirect -> {
                        boolean looped = RedirectLoop.seen(job.message(), reachedThrough);
                        if (looped || !redirected(job, reachedThrough, redirect)) {
                            placements.add(new DeliveryJob.Placement(account, job.defaultMailbox(), Set.of(), false));
                        }
                    }
                    case SieveAction.Vacation vacation -> sendAutomatic(List.of(vacation.to()), vacation.reply());
                }
            }
        }
        if (!refusals.isEmpty()) {
            refuse(job, placements, refusals);
        }
        job.placements(placements);
    }

    /**
     * RFC 5429 §2.1: refuse in the SMTP transaction when every recipient refused; otherwise
     * the others get their copy and the sender is told in a notice.
     */
    private void refuse(DeliveryJob job, List<DeliveryJob.Placement> placements, Map<String, String> refusals)
            throws DeliveryException {
        if (placements.isEmpty() && refusals.size() == job.accounts().size()) {
            throw DeliveryException.permanent(550, "5.7.1", refusals.values().iterator().next());
        }
        if (!job.reversePath().isEmpty()) {
            sendAutomatic(List.of(job.reversePath()), RefusalNotice.format(job, refusals));
        }
    }

    /**
     * Sends the message on; false when it cannot go, so that the caller keeps it instead (RFC 5228
     * §2.10.6: an action that fails at run time falls back to keep). A temporary failure of the
     * queue makes the whole delivery wait, so nothing is lost.
     */
    private boolean redirected(DeliveryJob job, String from, SieveAction.Redirect redirect) throws DeliveryException {
        try {
            outbound.send(from, List.of(redirect.address()), RedirectLoop.mark(job.message(), from), true);
            return true;
        } catch (DeliveryException e) {
            if (e.isTemporary()) {
                throw e;
            }
            LOG.info("event=redirect-refused code={} reason=\"{}\"", e.enhancedCode(), e.getMessage());
            return false;
        }
    }

    /** A vacation reply or a refusal notice: if it cannot be sent, the message itself is still delivered. */
    private void sendAutomatic(List<String> to, byte[] message) {
        try {
            outbound.send("", to, message, false);
        } catch (DeliveryException e) {
            LOG.info("event=automatic-reply-not-sent code={} reason=\"{}\"", e.enhancedCode(), e.getMessage());
        }
    }
}
