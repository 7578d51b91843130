package dev.coffer.cli;

import dev.coffer.config.ConfigLoader;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "serve", description = "Run the server with the configuration in DIR/coffer.toml.")
final class ServeCommand implements Callable<Integer> {

    @Mixin
    DataDirOption data;

    @Override
    public Integer call() throws Exception {
        ServerRunner.runUntilStopped(data.path(), ConfigLoader.load(data.path()));
        return 0;
    }
}
