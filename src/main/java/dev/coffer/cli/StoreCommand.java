package dev.coffer.cli;

import dev.coffer.account.AccountService;
import dev.coffer.account.AliasService;
import dev.coffer.store.Store;
import java.io.IOException;
import java.nio.file.Files;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;

/** A command that works on the store of a data directory, whether or not the server runs. */
abstract class StoreCommand implements Callable<Integer> {

    @Mixin
    DataDirOption data;

    @Override
    public final Integer call() throws Exception {
        if (!Files.isDirectory(data.path())) {
            throw new IOException("no data directory " + data.path()
                    + ": run 'coffer init --data DIR' or 'coffer demo' first, or pass --data");
        }
        try (Store store = Store.open(data.path())) {
            AccountService accounts = new AccountService(store);
            run(store, accounts, new AliasService(store, accounts));
        }
        return 0;
    }

    abstract void run(Store store, AccountService accounts, AliasService aliases) throws Exception;
}
