package dev.coffer.cli;

import dev.coffer.account.AccountService;
import dev.coffer.account.AliasService;
import dev.coffer.account.Invites;
import dev.coffer.store.Store;
import java.time.Clock;
import java.time.Duration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "invite", description = "Invite codes for web sign-up when [accounts] signup = \"invite\".",
        subcommands = {InviteCommand.Create.class})
final class InviteCommand extends CommandGroup {

    @Command(name = "create", description = "Make a one-time invite code; it is shown once and stored only as a hash.")
    static final class Create extends StoreCommand {
        @Option(names = "--days", defaultValue = "7", description = "How long the code is valid (default ${DEFAULT-VALUE}).")
        int days;

        @Override
        void run(Store store, AccountService accounts, AliasService aliases) throws Exception {
            if (days < 1 || days > 365) {
                throw new IllegalArgumentException("--days must be between 1 and 365, not " + days);
            }
            System.out.println(new Invites(store, Clock.systemUTC()).create(Duration.ofDays(days)));
        }
    }
}
