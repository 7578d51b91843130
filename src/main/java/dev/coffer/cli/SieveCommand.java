package dev.coffer.cli;

import dev.coffer.account.AccountService;
import dev.coffer.account.AliasService;
import dev.coffer.filter.sieve.SieveLimits;
import dev.coffer.filter.sieve.SieveScriptException;
import dev.coffer.filter.sieve.SieveScriptInfo;
import dev.coffer.filter.sieve.SieveScripts;
import dev.coffer.store.Account;
import dev.coffer.store.Store;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "sieve", description = "Manage users' Sieve filter scripts (also reachable over ManageSieve).",
        subcommands = {SieveCommand.Put.class, SieveCommand.ListScripts.class, SieveCommand.Get.class,
                SieveCommand.Activate.class, SieveCommand.Deactivate.class, SieveCommand.Delete.class})
final class SieveCommand extends CommandGroup {

    /** A sieve subcommand: the account by address and the script service. */
    abstract static class ScriptCommand extends StoreCommand {
        @Parameters(index = "0", paramLabel = "ADDRESS", description = "The account.")
        String address;

        @Override
        final void run(Store store, AccountService accounts, AliasService aliases) throws Exception {
            run(new SieveScripts(store, SieveLimits.defaults(), Clock.systemUTC()), accounts.account(address));
        }

        abstract void run(SieveScripts scripts, Account account) throws Exception;
    }

    @Command(name = "put", description = "Upload a script from FILE (checked first; refused with the line of the error).")
    static final class Put extends ScriptCommand {
        @Parameters(index = "1", paramLabel = "NAME")
        String name;

        @Parameters(index = "2", paramLabel = "FILE")
        Path file;

        @Option(names = "--activate", description = "Also make it the active script.")
        boolean activate;

        @Override
        void run(SieveScripts scripts, Account account) throws Exception {
            String content = Files.readString(file, StandardCharsets.UTF_8);
            try {
                scripts.put(account, name, content);
            } catch (SieveScriptException e) {
                throw new SieveScriptException(e.reason(), "script " + name + " refused: " + e.getMessage());
            }
            if (activate) {
                scripts.activate(account, name);
            }
            System.out.println("stored script " + name + (activate ? " (active)" : ""));
        }
    }

    @Command(name = "list", description = "List an account's scripts; the active one is marked.")
    static final class ListScripts extends ScriptCommand {
        @Override
        void run(SieveScripts scripts, Account account) {
            for (SieveScriptInfo script : scripts.list(account)) {
                System.out.println(script.name() + (script.active() ? "  (active)" : ""));
            }
        }
    }

    @Command(name = "get", description = "Print a script.")
    static final class Get extends ScriptCommand {
        @Parameters(index = "1", paramLabel = "NAME")
        String name;

        @Override
        void run(SieveScripts scripts, Account account) throws Exception {
            System.out.print(scripts.get(account, name));
        }
    }

    @Command(name = "activate", description = "Make NAME the active script (the one run at delivery).")
    static final class Activate extends ScriptCommand {
        @Parameters(index = "1", paramLabel = "NAME")
        String name;

        @Override
        void run(SieveScripts scripts, Account account) throws Exception {
            scripts.activate(account, name);
            System.out.println("activated script " + name);
        }
    }

    @Command(name = "deactivate", description = "Run no script at delivery (keep everything).")
    static final class Deactivate extends ScriptCommand {
        @Override
        void run(SieveScripts scripts, Account account) throws Exception {
            scripts.activate(account, "");
            System.out.println("no script is active");
        }
    }

    @Command(name = "delete", description = "Delete a script (not the active one).")
    static final class Delete extends ScriptCommand {
        @Parameters(index = "1", paramLabel = "NAME")
        String name;

        @Override
        void run(SieveScripts scripts, Account account) throws Exception {
            scripts.delete(account, name);
            System.out.println("deleted script " + name);
        }
    }
}
