package dev.coffer.filter;

import dev.coffer.mailauth.dmarc.PublicSuffixList;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The built-in spam filter: weighted rules on the authentication results, the header fields,
 * the content and DNS blocklists. The points add up; at {@code junkScore} the message goes to
 * Junk, at {@code rejectScore} it is refused with 550 5.7.1.
 */
public final class SpamScorer implements MessageFilter {

    private final double junkScore;
    private final double rejectScore;
    private final BlocklistRules blocklists;
    private final Clock clock;

    public SpamScorer(double junkScore, double rejectScore, DnsList addressLists, DnsList domainLists,
                      PublicSuffixList registeredDomains, Clock clock) {
        this.junkScore = junkScore;
        this.rejectScore = rejectScore;
        this.blocklists = new BlocklistRules(addressLists, domainLists, registeredDomains);
        this.clock = clock;
    }

    @Override
    public FilterVerdict check(FilterInput input) {
        List<RuleHit> hits = hits(input);
        double score = hits.stream().mapToDouble(RuleHit::score).sum();
        if (score >= rejectScore) {
            return new FilterVerdict.Reject(550, "5.7.1",
                    String.format(Locale.ROOT, "Message refused as spam (score %.1f)", score));
        }
        List<String> reasons = hits.stream().map(RuleHit::toString).toList();
        if (score >= junkScore) {
            return new FilterVerdict.Junk(score, reasons);
        }
        return new FilterVerdict.Accept(score, reasons);
    }

    List<RuleHit> hits(FilterInput input) {
        MessageFacts facts = MessageFacts.of(input.message());
        List<RuleHit> hits = new ArrayList<>(AuthenticationRules.score(input.authentication()));
        hits.addAll(HeaderRules.score(facts, clock));
        hits.addAll(ContentRules.score(facts));
        hits.addAll(blocklists.score(input.origin() == null ? null : input.origin().client(), facts));
        return hits;
    }
}
