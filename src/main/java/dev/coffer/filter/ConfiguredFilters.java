package dev.coffer.filter;

import dev.coffer.config.CofferConfig;
import dev.coffer.dns.DnsResolver;
import java.util.List;

/** The filters the configuration turns on, in the order they run. */
public final class ConfiguredFilters {

    private ConfiguredFilters() {}

    public static List<MessageFilter> from(CofferConfig.Filter settings, DnsResolver dns) {
        return List.of();
    }
}
