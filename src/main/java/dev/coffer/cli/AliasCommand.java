package dev.coffer.cli;

import dev.coffer.account.AccountException;
import dev.coffer.account.AccountService;
import dev.coffer.account.Address;
import dev.coffer.account.AliasService;
import dev.coffer.account.AliasWkd;
import dev.coffer.account.SecurityLog;
import dev.coffer.crypto.AliasUserId;
import dev.coffer.store.Account;
import dev.coffer.store.Alias;
import dev.coffer.store.Store;
import java.time.Clock;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "alias", description = "Manage aliases and catch-alls (@domain).",
        subcommands = {AliasCommand.Add.class, AliasCommand.ListAliases.class, AliasCommand.Delete.class,
            AliasCommand.Wkd.class})
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

    @Command(name = "wkd", description = {
        "Publish an alias in the Web Key Directory (on) or stop publishing it (off).",
        "'on' asks the owner's password: the alias user ID is certified here with the account's key,"
                + " and WKD then serves the key for the alias with that user ID alone."})
    static final class Wkd extends StoreCommand {
        @Parameters(index = "0", paramLabel = "ADDRESS")
        String alias;

        @Parameters(index = "1", paramLabel = "on|off")
        String state;

        @Option(names = "--user", paramLabel = "ADDRESS", description = "The account, if the alias has several.")
        String user;

        @Mixin
        PasswordInput passwords;

        @Override
        void run(Store store, AccountService accounts, AliasService aliases) throws Exception {
            Account account = owner(store, accounts);
            AliasWkd wkd = new AliasWkd(store, new SecurityLog(store, Clock.systemUTC(), false), Clock.systemUTC());
            String address = Address.parse(alias).toString();
            switch (state) {
                case "on" -> {
                    if (account.secretKey() == null) {
                        throw new AccountException(account.address() + " keeps its secret key off this server:"
                                + " certify the alias user ID with your own OpenPGP program and upload the key");
                    }
                    char[] password = passwords.existing("Password for " + account.address() + ": ");
                    String certified = AliasUserId.certify(account.publicKey(), account.secretKey(),
                            AccountKeyPassphrase.derive(account, password), address);
                    wkd.publish(account, address, certified);
                    System.out.println("published " + address + " in WKD with the key of " + account.address());
                }
                case "off" -> {
                    wkd.withdraw(account, address);
                    System.out.println("withdrew " + address + " from WKD");
                }
                default -> throw new AccountException("say 'on' or 'off', not '" + state + "'");
            }
        }

        private Account owner(Store store, AccountService accounts) throws AccountException {
            String address = Address.parse(alias).toString();
            List<Alias> targets = store.aliases().findByAddress(address);
            if (user != null) {
                Account account = accounts.account(user);
                if (targets.stream().noneMatch(target -> target.targetAccountId() == account.id())) {
                    throw new AccountException(address + " is not an alias of " + account.address());
                }
                return account;
            }
            if (targets.isEmpty()) {
                throw new AccountException("no alias " + address);
            }
            if (targets.size() > 1) {
                throw new AccountException(address + " delivers to several accounts: name one with --user");
            }
            return accounts.account(targets.getFirst().targetAddress());
        }
    }
}
