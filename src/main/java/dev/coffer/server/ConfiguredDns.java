package dev.coffer.server;

import dev.coffer.config.CofferConfig;
import dev.coffer.config.ListenAddress;
import dev.coffer.dns.DnsResolver;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The DNS resolver the configuration names ({@code [dns] resolver}, {@code trust_anchors}). */
public final class ConfiguredDns {

    private ConfiguredDns() {}

    public static DnsResolver resolver(Path dataDir, CofferConfig.Dns settings) throws IOException {
        return builder(dataDir, settings).build();
    }

    /** Without a cache: for a check the user repeats right after changing DNS, such as a domain's proof. */
    public static DnsResolver uncached(Path dataDir, CofferConfig.Dns settings) throws IOException {
        return builder(dataDir, settings).cacheSize(0).build();
    }

    private static DnsResolver.Builder builder(Path dataDir, CofferConfig.Dns settings) throws IOException {
        DnsResolver.Builder builder = DnsResolver.builder();
        if (!settings.resolver().isEmpty()) {
            builder.servers(ListenAddress.parse(settings.resolver()));
        }
        if (!settings.trustAnchors().isEmpty()) {
            builder.trustAnchors(Files.readString(dataDir.resolve(settings.trustAnchors())));
        }
        return builder;
    }
}
