package dev.coffer.cli;

import dev.coffer.account.AccountService;
import dev.coffer.account.AliasService;
import dev.coffer.store.Alias;
import dev.coffer.store.Store;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "alias", description = "Manage aliases and catch-alls (@domain).",
        subcommands = {AliasCommand.Add.class, AliasCommand.ListAliases.class, AliasCommand.Delete.class})
final class AliasCommand extends CommandGroup {

    @Command(name = "add", description = "Deliver mail for ALIAS (or @domain: everything unmatched) to TARGET.")
    static final class Add extends StoreCommand {
        @Parameters(index = "0", paramLabel = "ALIAS")
        String alias;

        @Parameters(index = "1", paramLabel = "TARGET")
        String target;

        @Override
        void run(Store store, AccountService accounts, AliasService aliases) throws Exception {
            Alias added = aliases.add(alias, target);
            System.out.println("added " + (added.isCatchAll() ? "catch-all " : "alias ") + added.address()
                    + " -> " + added.targetAddress());
        }
    }

    @Command(name = "list", description = "List aliases and catch-alls.")
    static final class ListAliases extends StoreCommand {
        @Override
        void run(Store store, AccountService accounts, AliasService aliases) {
            aliases.list().forEach(alias -> System.out.println(alias.address() + " -> " + alias.targetAddress()));
        }
    }

    @Command(name = "delete", description = "Delete an alias or catch-all (all its targets).")
    static final class Delete extends StoreCommand {
        @Parameters(paramLabel = "ALIAS")
        String alias;

        @Override
        void run(Store store, AccountService accounts, AliasService aliases) throws Exception {
            aliases.delete(alias);
            System.out.println("deleted " + alias);
        }
    }
}
