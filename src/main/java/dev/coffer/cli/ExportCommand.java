package dev.coffer.cli;

import dev.coffer.account.AccountService;
import dev.coffer.account.AliasService;
import dev.coffer.export.ExportFormat;
import dev.coffer.export.MailExport;
import dev.coffer.store.Account;
import dev.coffer.store.Store;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "export", description = {
    "Decrypt an account's mail here, with its password, and write it as mbox or .eml files.",
    "mbox: with --mailbox, OUT is the mbox file; otherwise OUT is a directory of NAME.mbox files.",
    "eml: OUT is a directory with one folder per mailbox and one UID.eml file per message."})
final class ExportCommand extends StoreCommand {

    @Option(names = "--user", required = true, paramLabel = "ADDRESS")
    String address;

    @Option(names = "--format", required = true, paramLabel = "mbox|eml",
            converter = ExportFormatConverter.class)
    ExportFormat format;

    @Option(names = "--out", required = true, paramLabel = "PATH")
    Path out;

    @Option(names = "--mailbox", paramLabel = "NAME", description = "Only this mailbox (default: all).")
    String mailbox;

    @Mixin
    PasswordInput passwords;

    @Override
    void run(Store store, AccountService accounts, AliasService aliases) throws Exception {
        Account account = accounts.account(address);
        char[] password = passwords.existing("Password for " + account.address() + ": ");
        MailExport.Result result = new MailExport(store).export(account, password, format, out, mailbox);
        System.out.println("exported " + result.messages() + " messages from " + result.mailboxes()
                + " mailboxes to " + out);
    }
}
