package dev.coffer.cli;

import dev.coffer.account.AccountService;
import dev.coffer.account.AliasService;
import dev.coffer.account.AppPasswordScope;
import dev.coffer.account.AppToken;
import dev.coffer.account.NewAppPassword;
import dev.coffer.store.AppPassword;
import dev.coffer.store.Store;
import java.time.format.DateTimeFormatter;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "app-password", description = "Manage app passwords for IMAP, POP3, SMTP and JMAP clients.",
        subcommands = {AppPasswordCommand.Add.class, AppPasswordCommand.ListAppPasswords.class,
                AppPasswordCommand.Revoke.class})
final class AppPasswordCommand extends CommandGroup {

    @Command(name = "add", description = "Create an app password; it is shown once.")
    static final class Add extends StoreCommand {
        @Parameters(index = "0", paramLabel = "ADDRESS")
        String address;

        @Parameters(index = "1", paramLabel = "NAME", description = "A name to recognise it by, e.g. 'laptop'.")
        String name;

        @Option(names = "--scope", split = ",", paramLabel = "SCOPE",
                description = "read (IMAP, POP3), send (SMTP), jmap (JMAP clients); default all.")
        List<String> scopes;

        @Option(names = "--jmap-token", description = "Print the JMAP bearer token (address and app password) "
                + "instead of the app password.")
        boolean jmapToken;

        @Override
        void run(Store store, AccountService accounts, AliasService aliases) throws Exception {
            Set<AppPasswordScope> chosen = EnumSet.noneOf(AppPasswordScope.class);
            if (scopes == null || scopes.isEmpty()) {
                chosen.addAll(AccountService.allScopes());
            } else {
                for (String scope : scopes) {
                    chosen.add(AppPasswordScope.parse(scope));
                }
            }
            NewAppPassword created = accounts.addAppPassword(address, name, chosen);
            System.out.println(jmapToken ? new AppToken(address.strip(), created.secret()).encode() : created.secret());
        }
    }

    @Command(name = "list", description = "List an account's app passwords.")
    static final class ListAppPasswords extends StoreCommand {
        @Parameters(paramLabel = "ADDRESS")
        String address;

        @Override
        void run(Store store, AccountService accounts, AliasService aliases) throws Exception {
            for (AppPassword password : accounts.appPasswords(address)) {
                String lastUsed = password.lastUsedAt() == null
                        ? "never used" : "last used " + DateTimeFormatter.ISO_INSTANT.format(password.lastUsedAt());
                System.out.println(password.name() + "  scopes " + String.join(",", new TreeSet<>(password.scopes()))
                        + "  created " + DateTimeFormatter.ISO_INSTANT.format(password.createdAt()) + "  " + lastUsed);
            }
        }
    }

    @Command(name = "revoke", description = "Revoke an app password by name.")
    static final class Revoke extends StoreCommand {
        @Parameters(index = "0", paramLabel = "ADDRESS")
        String address;

        @Parameters(index = "1", paramLabel = "NAME")
        String name;

        @Override
        void run(Store store, AccountService accounts, AliasService aliases) throws Exception {
            accounts.revokeAppPassword(address, name);
            System.out.println("revoked app password '" + name + "' of " + address);
        }
    }
}
