package dev.coffer.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --data DIR}, taken by every command. */
public final class DataDirOption {

    static final String DEFAULT = "coffer-demo";

    @Option(names = "--data", paramLabel = "DIR",
            description = "Data directory (default: $COFFER_DATA, else ./" + DEFAULT + ").")
    private Path data;

    public Path path() {
        if (data != null) {
            return data;
        }
        String fromEnvironment = System.getenv("COFFER_DATA");
        return Path.of(fromEnvironment == null || fromEnvironment.isBlank() ? DEFAULT : fromEnvironment);
    }
}
