package dev.coffer.cli;

import dev.coffer.account.AccountService;
import dev.coffer.account.AliasService;
import dev.coffer.store.Domain;
import dev.coffer.store.Store;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "domain", description = "Manage hosted domains.",
        subcommands = {DomainCommand.Add.class, DomainCommand.ListDomains.class})
final class DomainCommand extends CommandGroup {

    @Command(name = "add", description = "Host a domain.")
    static final class Add extends StoreCommand {
        @Parameters(paramLabel = "DOMAIN")
        String name;

        @Override
        void run(Store store, AccountService accounts, AliasService aliases) throws Exception {
            Domain domain = accounts.addDomain(name);
            System.out.println("added domain " + domain.name());
        }
    }

    @Command(name = "list", description = "List hosted domains.")
    static final class ListDomains extends StoreCommand {
        @Override
        void run(Store store, AccountService accounts, AliasService aliases) {
            accounts.domains().forEach(domain -> System.out.println(domain.name()));
        }
    }
}
