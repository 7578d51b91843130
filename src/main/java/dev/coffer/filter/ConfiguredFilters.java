package dev.coffer.filter;

import dev.coffer.config.CofferConfig;
import dev.coffer.dns.DnsResolver;
import dev.coffer.mailauth.dmarc.PublicSuffixList;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * The filters the configuration turns on, in the order they run: the built-in scorer always,
 * Rspamd when {@code rspamd_url} is set, clamd when {@code clamd} is set.
 */
public final class ConfiguredFilters {

    private ConfiguredFilters() {}

    /** @throws IllegalArgumentException naming the key when rspamd_url or clamd is malformed */
    public static List<MessageFilter> from(CofferConfig.Filter settings, DnsResolver dns) {
        DnsListQuery query = dns == null ? name -> List.of() : DnsListQuery.over(dns);
        List<MessageFilter> filters = new ArrayList<>();
        filters.add(new SpamScorer(settings.junkScore(), settings.rejectScore(),
                new DnsList(settings.dnsbl(), query), new DnsList(settings.uribl(), query),
                PublicSuffixList.mozilla(), Clock.systemUTC()));
        if (!settings.rspamdUrl().isBlank()) {
            filters.add(new RspamdFilter(RspamdFilter.baseUri(settings.rspamdUrl()), settings.rspamdRequired()));
        }
        if (!settings.clamd().isBlank()) {
            filters.add(new ClamdFilter(ClamdAddress.parse(settings.clamd()), settings.clamdRequired()));
        }
        return List.copyOf(filters);
    }
}
