package dev.coffer.delivery;

import dev.coffer.filter.FilterInput;
import dev.coffer.filter.FilterVerdict;
import dev.coffer.filter.MessageFilter;
import java.util.List;
import java.util.Locale;

/**
 * Runs the spam and virus filters on the plaintext of mail from other servers. The gravest
 * verdict wins: a reject refuses the message, a temporary failure asks the sender to retry
 * (never accepted unscanned), junk files it in Junk. The score goes into the message,
 * inside the encryption, as {@code X-Spam-Status}.
 */
final class FilterMessage implements DeliveryStage {

    private final List<MessageFilter> filters;

    FilterMessage(List<MessageFilter> filters) {
        this.filters = List.copyOf(filters);
    }

    @Override
    public void process(DeliveryJob job) throws DeliveryException {
        if (job.origin() == null || filters.isEmpty()) {
            return;
        }
        FilterInput input = new FilterInput(job.origin(), job.authentication(), job.recipientAddresses(),
                job.message());
        FilterVerdict gravest = new FilterVerdict.Accept(0, List.of());
        double score = 0;
        for (MessageFilter filter : filters) {
            FilterVerdict verdict = filter.check(input);
            score += switch (verdict) {
                case FilterVerdict.Accept accept -> accept.score();
                case FilterVerdict.Junk junk -> junk.score();
                default -> 0;
            };
            if (FilterVerdict.gravity(verdict) > FilterVerdict.gravity(gravest)) {
                gravest = verdict;
            }
        }
        switch (gravest) {
            case FilterVerdict.Reject reject ->
                    throw DeliveryException.permanent(reject.replyCode(), reject.enhancedCode(), reject.reason());
            case FilterVerdict.TempFail tempFail ->
                    throw DeliveryException.temporary(tempFail.enhancedCode(), tempFail.reason(), null);
            case FilterVerdict.Junk junk -> job.markJunk();
            case FilterVerdict.Accept accept -> { }
        }
        job.prepend(String.format(Locale.ROOT, "X-Spam-Status: %s, score=%.1f\r\n",
                job.junk() ? "Yes" : "No", score));
    }
}
