package dev.coffer.cli;

import dev.coffer.account.AccountService;
import dev.coffer.account.AliasService;
import dev.coffer.account.DomainDkimKeys;
import dev.coffer.dns.ZoneSnippet;
import dev.coffer.store.Domain;
import dev.coffer.store.DomainClaim;
import dev.coffer.store.Store;
import java.time.Clock;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "domain", description = "Manage hosted domains.",
        subcommands = {DomainCommand.Add.class, DomainCommand.ListDomains.class, DomainCommand.Dkim.class,
                DomainDnsCommand.class, DomainVerifyCommand.class})
final class DomainCommand extends CommandGroup {

    @Command(name = "add", description = "Host a domain.")
    static final class Add extends StoreCommand {
        @Parameters(paramLabel = "DOMAIN")
        String name;

        @Override
        void run(Store store, AccountService accounts, AliasService aliases) throws Exception {
            Domain domain = accounts.addDomain(name);
            System.out.println("added domain " + domain.name() + "; publish its DKIM keys (all its records: coffer domain dns "
                    + domain.name() + "):");
            printRecords(new DomainDkimKeys(store, Clock.systemUTC()).dnsRecords(domain));
        }
    }

    @Command(name = "dkim", description = "Show a domain's DKIM DNS records, or make new keys with --rotate.")
    static final class Dkim extends StoreCommand {
        @Parameters(paramLabel = "DOMAIN")
        String name;

        @Option(names = "--rotate", description = "Make new Ed25519 and RSA keys; the old ones stop signing"
                + " (keep their DNS records until mail signed with them has been delivered).")
        boolean rotate;

        @Override
        void run(Store store, AccountService accounts, AliasService aliases) throws Exception {
            Domain domain = accounts.domain(name);
            DomainDkimKeys keys = new DomainDkimKeys(store, Clock.systemUTC());
            if (rotate || keys.signers(domain).isEmpty()) {
                keys.rotate(domain);
            }
            printRecords(keys.dnsRecords(domain));
        }
    }

    /** One zone-file line per key: {@code selector._domainkey.domain. IN TXT "..."}. */
    static void printRecords(List<DomainDkimKeys.DnsRecord> records) {
        for (DomainDkimKeys.DnsRecord record : records) {
            System.out.println(record.name() + ". IN TXT " + ZoneSnippet.quote(record.value())
                    + (record.active() ? "" : "  ; retired"));
        }
    }

    @Command(name = "list", description = "List hosted domains, then domains users added that are not verified yet.")
    static final class ListDomains extends StoreCommand {
        @Override
        void run(Store store, AccountService accounts, AliasService aliases) {
            accounts.domains().forEach(domain -> System.out.println(domain.name()));
            store.domainClaims().all().stream().map(DomainClaim::name).distinct()
                    .forEach(name -> System.out.println(name + "  (not verified: coffer domain verify " + name + ")"));
        }
    }
}
