package dev.coffer.cli;

import dev.coffer.account.AccountException;
import dev.coffer.account.AccountService;
import dev.coffer.account.AliasService;
import dev.coffer.crypto.AccountKeys;
import dev.coffer.store.Account;
import dev.coffer.store.Store;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "key", description = "An account's OpenPGP key.", subcommands = KeyCommand.Export.class)
final class KeyCommand extends CommandGroup {

    @Command(name = "export", description = {
        "Print the account's public key, or with --secret its secret key.",
        "The secret key is unlocked here with the account password and printed protected by a new"
                + " passphrase you choose, ready for 'gpg --import'."})
    static final class Export extends StoreCommand {
        @Option(names = "--user", required = true, paramLabel = "ADDRESS")
        String address;

        @Option(names = "--secret", description = "Export the secret key (asks the password and a passphrase).")
        boolean secret;

        @Mixin
        PasswordInput passwords;

        @Override
        void run(Store store, AccountService accounts, AliasService aliases) throws Exception {
            Account account = accounts.account(address);
            if (!secret) {
                System.out.print(account.publicKey());
                return;
            }
            if (account.secretKey() == null) {
                throw new AccountException(account.address() + " keeps its secret key off this server");
            }
            char[] password = passwords.existing("Password for " + account.address() + ": ");
            char[] keyPassphrase = AccountKeyPassphrase.derive(account, password);
            char[] exportPassphrase = passwords.newPassword("Passphrase to protect the exported key: ");
            System.out.print(AccountKeys.reprotect(account.secretKey(), keyPassphrase, exportPassphrase));
        }
    }
}
