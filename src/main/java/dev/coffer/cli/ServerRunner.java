package dev.coffer.cli;

import dev.coffer.config.CofferConfig;
import dev.coffer.server.Server;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;

/** Starts the server, prints its listeners, and runs until the process is stopped. */
final class ServerRunner {

    private ServerRunner() {}

    static void runUntilStopped(Path dataDir, CofferConfig config) throws IOException, InterruptedException {
        Server server = Server.start(dataDir, config);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "coffer-shutdown"));
        Map<String, Integer> ports = new TreeMap<>(server.ports());
        ports.forEach((name, port) -> System.out.println("listening: " + name + " on port " + port));
        System.out.println("Coffer is running as " + config.hostname() + "; stop it with Ctrl-C.");
        System.out.flush();
        stopped.await();
    }
}
