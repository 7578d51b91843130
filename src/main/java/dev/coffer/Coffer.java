package dev.coffer;

import dev.coffer.cli.CofferCommand;
import java.util.Set;

/** Entry point: the {@code coffer} command. */
public final class Coffer {

    private static final Set<String> SERVER_COMMANDS = Set.of("demo", "serve");

    private Coffer() {}

    public static void main(String[] args) {
        // Administrative commands print their results; only the server logs at info level.
        boolean server = args.length > 0 && SERVER_COMMANDS.contains(args[0]);
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", server ? "info" : "warn");
        System.exit(CofferCommand.execute(args));
    }
}
