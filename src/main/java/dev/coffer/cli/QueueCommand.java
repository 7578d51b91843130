package dev.coffer.cli;

import dev.coffer.account.AccountService;
import dev.coffer.account.AliasService;
import dev.coffer.queue.PersistentQueue;
import dev.coffer.queue.QueuedMessage;
import dev.coffer.store.QueueRecipient;
import dev.coffer.store.Store;
import java.io.IOException;
import java.time.format.DateTimeFormatter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "queue", description = "The outbound queue: mail waiting for remote servers.",
        subcommands = {QueueCommand.ListQueue.class, QueueCommand.Retry.class, QueueCommand.Drop.class})
final class QueueCommand extends CommandGroup {

    @Command(name = "list", description = "List queued messages with their recipients' state (never their content).")
    static final class ListQueue extends StoreCommand {
        @Override
        void run(Store store, AccountService accounts, AliasService aliases) throws Exception {
            PersistentQueue queue = PersistentQueue.open(store, data.path());
            for (QueuedMessage message : queue.list()) {
                System.out.println(message.id() + "  from <" + message.reversePath() + ">  " + message.size()
                        + " octets  attempts " + message.attempts() + "  next "
                        + DateTimeFormatter.ISO_INSTANT.format(message.nextAttempt())
                        + (message.requireTls() ? "  REQUIRETLS" : ""));
                for (QueueRecipient recipient : message.recipients()) {
                    System.out.println("    " + recipient.address() + "  " + recipient.state().name().toLowerCase()
                            + (recipient.lastError() == null ? "" : "  " + recipient.lastError()));
                }
            }
        }
    }

    @Command(name = "retry", description = "Try to deliver a queued message now (the server picks it up within its"
            + " poll interval).")
    static final class Retry extends StoreCommand {
        @Parameters(paramLabel = "ID")
        String id;

        @Override
        void run(Store store, AccountService accounts, AliasService aliases) throws Exception {
            if (!PersistentQueue.open(store, data.path()).retry(id)) {
                throw new IOException("no queued message " + id);
            }
            System.out.println("queued message " + id + " is due now");
        }
    }

    @Command(name = "drop", description = "Remove a queued message without delivering it and without a bounce.")
    static final class Drop extends StoreCommand {
        @Parameters(paramLabel = "ID")
        String id;

        @Override
        void run(Store store, AccountService accounts, AliasService aliases) throws Exception {
            if (!PersistentQueue.open(store, data.path()).drop(id)) {
                throw new IOException("no queued message " + id);
            }
            System.out.println("dropped queued message " + id);
        }
    }
}
