package dev.coffer.cli;

import dev.coffer.account.AccountException;
import dev.coffer.account.AccountService;
import dev.coffer.account.Address;
import dev.coffer.account.AliasService;
import dev.coffer.account.Enrollment;
import dev.coffer.crypto.KdfParams;
import dev.coffer.crypto.KeyDerivation;
import dev.coffer.store.Account;
import dev.coffer.store.Store;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "user", description = "Manage accounts.",
        subcommands = {UserCommand.Add.class, UserCommand.ListUsers.class, UserCommand.Delete.class,
                UserCommand.Passwd.class, UserCommand.RequireTls.class, UserCommand.Admin.class,
                AppPasswordCommand.class})
final class UserCommand extends CommandGroup {

    @Command(name = "add", description = "Create an account with its OpenPGP key; the password is asked for.")
    static final class Add extends StoreCommand {
        @Parameters(paramLabel = "ADDRESS")
        String address;

        @Mixin
        PasswordInput passwords;

        @Override
        void run(Store store, AccountService accounts, AliasService aliases) throws Exception {
            Address parsed = Address.parse(address);
            if (accounts.find(parsed).isPresent()) {
                throw new AccountException("account " + parsed + " already exists");
            }
            char[] password = passwords.newPassword("Password for " + parsed + ": ");
            Account account = accounts.createAccount(parsed, Enrollment.forNewAccount(parsed, password));
            System.out.println("created " + account.address() + " (OpenPGP key " + account.keyFingerprint() + ")");
        }
    }

    @Command(name = "list", description = "List accounts.")
    static final class ListUsers extends StoreCommand {
        @Override
        void run(Store store, AccountService accounts, AliasService aliases) {
            for (Account account : accounts.accounts()) {
                System.out.println(account.address() + "  key " + account.keyFingerprint() + "  created "
                        + DateTimeFormatter.ISO_INSTANT.format(account.createdAt()));
            }
        }
    }

    @Command(name = "delete", description = "Delete an account and all its mail.")
    static final class Delete extends StoreCommand {
        @Parameters(paramLabel = "ADDRESS")
        String address;

        @Option(names = "--yes", description = "Confirm that all mail of the account is to be deleted.")
        boolean confirmed;

        @Override
        void run(Store store, AccountService accounts, AliasService aliases) throws Exception {
            if (!confirmed) {
                throw new AccountException("this deletes " + address + " and all its mail; add --yes to confirm");
            }
            accounts.deleteAccount(address);
            System.out.println("deleted " + address);
        }
    }

    @Command(name = "passwd", description = {
        "Change an account's password; the OpenPGP key is re-protected under the new one.",
        "With --reset the current password is not needed, but a new key is made and mail stored so far"
                + " stays unreadable."})
    static final class Passwd extends StoreCommand {
        @Parameters(paramLabel = "ADDRESS")
        String address;

        @Option(names = "--reset", description = "Set a new password without the current one (new key; old mail"
                + " becomes unreadable).")
        boolean reset;

        @Mixin
        PasswordInput passwords;

        @Override
        void run(Store store, AccountService accounts, AliasService aliases) throws Exception {
            Account account = accounts.account(address);
            if (reset) {
                char[] password = passwords.newPassword("New password for " + account.address() + ": ");
                Address parsed = Address.parse(account.address());
                accounts.replaceCredentials(account, Enrollment.forNewAccount(parsed, password));
                System.out.println("password reset for " + account.address() + "; a new OpenPGP key was made."
                        + " Mail stored before now can no longer be decrypted.");
                return;
            }
            char[] current = passwords.existing("Current password for " + account.address() + ": ");
            Account.Credentials credentials = account.credentials();
            KdfParams kdf = new KdfParams(credentials.kdfMemoryKiB(), credentials.kdfIterations(),
                    credentials.kdfParallelism());
            byte[] salt = Base64.getDecoder().decode(credentials.kdfSalt());
            if (!accounts.verifyAuthKey(account, KeyDerivation.derive(current, salt, kdf).authKey())) {
                throw new AccountException("the current password is wrong");
            }
            char[] next = passwords.newPassword("New password for " + account.address() + ": ");
            accounts.replaceCredentials(account, Enrollment.forNewPassword(kdf, salt, account.secretKey(),
                    account.publicKey(), account.keyFingerprint(), current, next));
            System.out.println("password changed for " + account.address());
        }
    }

    @Command(name = "require-tls", description = {
        "Require verified TLS (DANE or MTA-STS) for everything the account sends (RFC 8689 REQUIRETLS for all",
        "its mail): messages that cannot go out that way bounce instead of travelling in clear."})
    static final class RequireTls extends StoreCommand {
        @Parameters(index = "0", paramLabel = "ADDRESS")
        String address;

        @Parameters(index = "1", paramLabel = "on|off")
        String setting;

        @Override
        void run(Store store, AccountService accounts, AliasService aliases) throws Exception {
            Account account = accounts.setRequireTls(address, onOff("require-tls", setting));
            System.out.println("require-tls " + setting + " for " + account.address());
        }
    }

    @Command(name = "admin", description = {
        "Let the account use the admin API over the web, or stop it. The API stays locked until the",
        "account has a second factor (an authenticator app or a security key)."})
    static final class Admin extends StoreCommand {
        @Parameters(index = "0", paramLabel = "ADDRESS")
        String address;

        @Parameters(index = "1", paramLabel = "on|off")
        String setting;

        @Override
        void run(Store store, AccountService accounts, AliasService aliases) throws Exception {
            Account account = accounts.setAdmin(address, onOff("admin", setting));
            System.out.println("admin " + setting + " for " + account.address());
        }
    }

    private static boolean onOff(String command, String setting) throws AccountException {
        return switch (setting) {
            case "on" -> true;
            case "off" -> false;
            default -> throw new AccountException(command + " takes on or off, not '" + setting + "'");
        };
    }
}
