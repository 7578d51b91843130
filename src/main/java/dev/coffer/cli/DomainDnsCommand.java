package dev.coffer.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.coffer.account.AccountService;
import dev.coffer.account.AliasService;
import dev.coffer.config.CofferConfig;
import dev.coffer.config.ConfigLoader;
import dev.coffer.config.OnionService;
import dev.coffer.dns.DnsRecord;
import dev.coffer.dns.ZoneSnippet;
import dev.coffer.server.HostPublication;
import dev.coffer.store.Domain;
import dev.coffer.store.Store;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "dns", description = "Print every DNS record a hosted domain should publish, as a zone-file snippet"
        + " (or JSON), and the torrc lines of the onion service when [web] onion_address is set.")
final class DomainDnsCommand extends StoreCommand {

    @Parameters(paramLabel = "DOMAIN")
    String name;

    @Option(names = "--json", description = "Print the records as a JSON array of {name, type, value, purpose}.")
    boolean json;

    @Option(names = "--torrc", description = "Print only the torrc lines of the onion service.")
    boolean torrc;

    @Override
    void run(Store store, AccountService accounts, AliasService aliases) throws Exception {
        CofferConfig config = ConfigLoader.load(data.path());
        Optional<OnionService> onion = OnionService.from(config);
        if (torrc) {
            if (onion.isEmpty()) {
                throw new IllegalArgumentException("no onion service: set [web] onion_address in coffer.toml first");
            }
            onion.get().torrcLines().forEach(System.out::println);
            return;
        }
        Domain domain = accounts.domain(name);
        List<DnsRecord> records = HostPublication.domainRecords(data.path(), config, store).expected(domain.name());
        if (json) {
            System.out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(records));
            return;
        }
        System.out.println("; DNS records for " + domain.name() + " (Coffer at " + config.hostname() + ")");
        System.out.println("; " + config.hostname() + " itself needs A and/or AAAA records with its public addresses.");
        System.out.print(ZoneSnippet.of(records));
        onion.ifPresent(service -> {
            System.out.println();
            System.out.println("; Tor onion service " + service.address() + ": add these lines to /etc/tor/torrc"
                    + " (without \"; \"), or print them alone with --torrc");
            service.torrcLines().forEach(line -> System.out.println("; " + line));
        });
    }
}
