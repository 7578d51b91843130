package dev.coffer.cli;

import dev.coffer.config.CofferConfig;
import dev.coffer.config.ConfigLoader;
import dev.coffer.server.DemoAccount;
import dev.coffer.server.DemoSetup;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "demo", description = {
    "Run a demo server on loopback: creates DIR with a demo CA (DIR/ca.pem), the domain coffer.test and",
    "the account demo@coffer.test on first run, then prints the account's password, app password and ports."})
final class DemoCommand implements Callable<Integer> {

    @Mixin
    DataDirOption data;

    @Override
    public Integer call() throws Exception {
        Path dir = data.path();
        DemoAccount demo = DemoSetup.prepare(dir);
        CofferConfig config = ConfigLoader.load(dir);
        demo = DemoSetup.withPorts(dir, demo, config);
        System.out.println("""
                Coffer demo — data in %s
                  address       %s
                  password      %s   (for 'coffer export' and 'coffer key export --secret')
                  app password  %s   (for mail clients: IMAP, POP3, SMTP)
                  CA to trust   %s
                  ports         %s
                  details       %s""".formatted(dir.toAbsolutePath(), demo.address(), demo.password(),
                demo.appPassword(), dir.resolve("ca.pem").toAbsolutePath(), demo.ports(),
                dir.resolve("demo.json").toAbsolutePath()));
        ServerRunner.runUntilStopped(dir, config);
        return 0;
    }
}
