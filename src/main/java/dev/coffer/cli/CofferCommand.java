package dev.coffer.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The root command: {@code coffer <subcommand>}. */
@Command(name = "coffer", mixinStandardHelpOptions = true, version = "Coffer 0.1.0",
        description = "A self-hosted, zero-access encrypted mail server.",
        subcommands = {DemoCommand.class, InitCommand.class, ServeCommand.class, DomainCommand.class,
                UserCommand.class, AliasCommand.class, KeyCommand.class, ExportCommand.class, QueueCommand.class,
                SieveCommand.class, InviteCommand.class, CheckDomainCommand.class, CertCommand.class,
                CommandLine.HelpCommand.class})
public final class CofferCommand extends CommandGroup {

    /** Runs the command line; errors a user can act on print as one line, never a stack trace. */
    public static int execute(String... args) {
        CommandLine commandLine = new CommandLine(new CofferCommand());
        commandLine.setExecutionExceptionHandler((exception, cmd, parseResult) -> {
            cmd.getErr().println("coffer: " + UserMessages.describe(exception));
            return 1;
        });
        return commandLine.execute(args);
    }
}
